import type { Logger } from '../../kernel/logger.ts';
import type { ChannelRegistry } from './channel-registry.ts';
import { type ChannelTarget, DeliveryError, type DeliveryResult, type IncidentMessage } from './contract.ts';

export interface NotifyRoute {
  team?: string | undefined;
  service?: string | undefined;
  channel: string;
}

/** Who owns a service (catalog `spec.owner`); undefined when unknown. */
export interface ServiceOwners {
  ownerOf(service: string): Promise<string | undefined>;
}

export interface NotifierDeps {
  registry: ChannelRegistry;
  /** Named channels from config. */
  channels: Record<string, { kind: ChannelTarget['kind']; url?: string | undefined }>;
  routes: NotifyRoute[];
  /** Used when no route matches. */
  defaultChannel: ChannelTarget;
  owners: ServiceOwners;
  retry: { attempts: number; initialDelayMs: number };
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

export interface Notifier {
  /** The channel an incident on these services goes to. */
  route(services: string[]): Promise<ChannelTarget>;
  /** Delivers with bounded retries and exponential backoff; never throws. */
  deliver(message: IncidentMessage, target: ChannelTarget): Promise<DeliveryResult>;
}

/** Routing by owning team or service, and delivery with retry through the channel registry. */
export function createNotifier(deps: NotifierDeps): Notifier {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const named = (name: string): ChannelTarget => {
    const channel = deps.channels[name];
    if (!channel) return deps.defaultChannel;
    return { name, kind: channel.kind, url: channel.url };
  };

  return {
    async route(services) {
      const owners = new Set<string>();
      for (const service of services) {
        const owner = await deps.owners.ownerOf(service);
        if (owner) owners.add(owner);
      }
      const match = deps.routes.find(
        (route) =>
          (route.service !== undefined && services.includes(route.service)) ||
          (route.team !== undefined && owners.has(route.team)),
      );
      return match ? named(match.channel) : deps.defaultChannel;
    },

    async deliver(message, target) {
      const send = deps.registry[target.kind];
      let error: string | undefined;
      for (let attempt = 1; attempt <= deps.retry.attempts; attempt++) {
        try {
          await send(message, target);
          return { ok: true, channel: target.name, attempts: attempt, error };
        } catch (failure) {
          error = failure instanceof Error ? failure.message : String(failure);
          deps.logger.warn({ channel: target.name, attempt, err: error }, 'notification delivery failed');
          const retryable = !(failure instanceof DeliveryError) || failure.retryable;
          if (!retryable) return { ok: false, channel: target.name, attempts: attempt, error };
          if (attempt < deps.retry.attempts) await sleep(deps.retry.initialDelayMs * 2 ** (attempt - 1));
        }
      }
      return { ok: false, channel: target.name, attempts: deps.retry.attempts, error };
    },
  };
}
