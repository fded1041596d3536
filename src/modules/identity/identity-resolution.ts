import { higherRole, type Role } from '../../kernel/roles.ts';
import type { CatalogPerson } from '../catalog/index.ts';

/** What Cairn keeps of an ID token (and the userinfo response) at sign-in. */
export interface SignInProfile {
  subject: string;
  email: string | null;
  name: string;
  /** `preferred_username`, when the provider sends one. */
  username: string | null;
  groups: string[];
}

/** How IdP groups become roles and teams (auth.oidc in cairn.yaml). */
export interface GroupMappings {
  defaultRole: Role;
  roleMappings: Record<string, Role>;
  teamMappings: Record<string, string[]>;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() ? value.trim() : null;

/**
 * Reads the claims Cairn uses. Groups may be a list or one string (some providers send a single
 * group as a string); a name falls back to the username, the email, then the subject.
 */
export function profileFromClaims(claims: Record<string, unknown>, groupsClaim: string): SignInProfile {
  const subject = text(claims.sub);
  if (!subject) throw new Error('the ID token has no subject (sub)');
  const email = text(claims.email)?.toLowerCase() ?? null;
  const username = text(claims.preferred_username);
  const rawGroups = claims[groupsClaim];
  const groups = Array.isArray(rawGroups)
    ? rawGroups.flatMap((group) => (typeof group === 'string' && group ? [group] : []))
    : typeof rawGroups === 'string' && rawGroups
      ? [rawGroups]
      : [];
  return {
    subject,
    email,
    name: text(claims.name) ?? username ?? email ?? subject,
    username,
    groups: [...new Set(groups)].sort(),
  };
}

/** Why this email may not sign in, or null when it may. An empty allow-list allows anyone. */
export function emailDomainRefusal(email: string | null, allowedDomains: readonly string[]): string | null {
  if (allowedDomains.length === 0) return null;
  const domain = email?.split('@')[1]?.toLowerCase();
  if (!domain)
    return `Sign-in needs an email address in ${allowedDomains.join(', ')}; the provider sent none`;
  if (allowedDomains.some((allowed) => allowed.toLowerCase() === domain)) return null;
  return `${email} may not sign in: only ${allowedDomains.join(', ')} addresses may`;
}

/**
 * The catalog User a person is: by email (any case), else by username equal to the User's name,
 * else by display name. Null when none matches.
 */
export function matchCatalogPerson(
  profile: SignInProfile,
  people: readonly CatalogPerson[],
): CatalogPerson | null {
  const byEmail = profile.email
    ? people.find((person) => person.email?.toLowerCase() === profile.email)
    : undefined;
  if (byEmail) return byEmail;
  const username = profile.username?.toLowerCase();
  const byName = username ? people.find((person) => person.name.toLowerCase() === username) : undefined;
  if (byName) return byName;
  return people.find((person) => person.displayName !== null && person.displayName === profile.name) ?? null;
}

/** The highest role any of the person's IdP groups maps to, else the default. */
export function roleFor(groups: readonly string[], mappings: GroupMappings): Role {
  const mapped = groups.flatMap((group) => {
    const role = mappings.roleMappings[group];
    return role ? [role] : [];
  });
  return (
    mapped.reduce<Role | null>((best, role) => (best ? higherRole(best, role) : role), null) ??
    mappings.defaultRole
  );
}

/** Teams from the catalog (the matched User's groups) and from IdP groups mapped in config. */
export function teamsFor(
  catalogTeams: readonly string[],
  groups: readonly string[],
  mappings: GroupMappings,
): string[] {
  const mapped = groups.flatMap((group) => mappings.teamMappings[group] ?? []);
  return [...new Set([...catalogTeams, ...mapped])].sort();
}
