import * as client from 'openid-client';
import type { Clock } from '../../kernel/clock.ts';
import { InputError, NotAllowedError, UnavailableError } from '../../kernel/errors.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { IdentityStore } from './identity.store.ts';
import { emailDomainRefusal, profileFromClaims, type SignInProfile } from './identity-resolution.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  scopes: string[];
  groupsClaim: string;
  allowedEmailDomains: string[];
}

export interface OidcServiceDeps {
  settings: OidcSettings;
  store: IdentityStore;
  /** The callback URL registered at the provider: `<publicUrl>/auth/oidc/callback`. */
  redirectUri: () => string;
  clock: Clock;
  logger: Logger;
}

/** A sign-in may take this long between leaving Cairn and coming back. */
const LOGIN_TTL_MS = 10 * 60_000;

/** Loopback providers (a local Dex, the demo's provider, tests) may speak plain HTTP. */
function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * OpenID Connect sign-in: authorization code flow with PKCE (S256), state and nonce, through
 * `openid-client`, a certified relying party. What the callback must check is kept in the state
 * store, so a sign-in started on one replica can finish on another.
 */
export function createOidcService({ settings, store, redirectUri, clock, logger }: OidcServiceDeps) {
  let discovered: Promise<client.Configuration> | undefined;

  function configuration(): Promise<client.Configuration> {
    discovered ??= (async () => {
      const issuer = new URL(settings.issuer);
      const config = await client.discovery(
        issuer,
        settings.clientId,
        undefined,
        settings.clientSecret ? client.ClientSecretPost(settings.clientSecret) : client.None(),
        isLoopback(issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      return config;
    })().catch((error: unknown) => {
      // Try again on the next sign-in: the provider may only have been down.
      discovered = undefined;
      logger.warn({ err: error, issuer: settings.issuer }, 'OIDC discovery failed');
      throw new UnavailableError(
        `The sign-in provider at ${settings.issuer} cannot be reached (${error instanceof Error ? error.message : String(error)})`,
        30,
      );
    });
    return discovered;
  }

  return {
    /** Where to send the browser to sign in; `returnTo` is where it lands afterwards. */
    async beginSignIn(returnTo: string): Promise<URL> {
      const config = await configuration();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const verifier = client.randomPKCECodeVerifier();
      await store.insertLogin({
        state,
        nonce,
        code_verifier: verifier,
        return_to: returnTo,
        expires_at: new Date(clock.now().getTime() + LOGIN_TTL_MS).toISOString(),
      });
      return client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri(),
        scope: settings.scopes.join(' '),
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
    },

    /**
     * Completes a sign-in from the provider's redirect: checks state, exchanges the code with the
     * PKCE verifier, verifies the ID token (signature, issuer, audience, nonce) and reads the
     * person from it and the userinfo endpoint. Returns who signed in and where they go next.
     */
    async completeSignIn(
      callbackUrl: URL,
    ): Promise<{ profile: SignInProfile; issuer: string; returnTo: string }> {
      const state = callbackUrl.searchParams.get('state');
      const providerError = callbackUrl.searchParams.get('error');
      if (providerError) {
        const description = callbackUrl.searchParams.get('error_description');
        throw new NotAllowedError(`The sign-in provider refused: ${description ?? providerError}`);
      }
      if (!state) throw new InputError('query.state: missing; start signing in from Cairn', 'state');
      const login = await store.takeLogin(state, clock.now().toISOString());
      if (!login) {
        throw new InputError(
          'query.state: this sign-in is unknown, used or older than 10 minutes; sign in again',
          'state',
        );
      }
      const config = await configuration();
      const callback = new URL(redirectUri());
      callback.search = callbackUrl.search;
      const tokens = await client
        .authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: login.code_verifier,
          expectedState: state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        })
        .catch((error: unknown) => {
          throw new NotAllowedError(
            `Signing in failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
      const idClaims = tokens.claims();
      if (!idClaims) throw new NotAllowedError('Signing in failed: the provider sent no ID token');
      let claims: Record<string, unknown> = idClaims;
      if (config.serverMetadata().userinfo_endpoint) {
        // Many providers put email and groups in userinfo only, not in the ID token.
        const userInfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...userInfo, ...idClaims };
      }
      const profile = profileFromClaims(claims, settings.groupsClaim);
      const refusal = emailDomainRefusal(profile.email, settings.allowedEmailDomains);
      if (refusal) throw new NotAllowedError(refusal);
      return { profile, issuer: idClaims.iss, returnTo: login.return_to };
    },
  };
}

export type OidcService = ReturnType<typeof createOidcService>;
