/**
 * Keeps what policies found: every failing result from admission reviews and action guardrails
 * stays open until the same resource passes that policy (or is deleted), and every exception that
 * let a resource through is recorded and audited the first time it does. Scorecards read the open
 * Deny count per service; the portal lists violations per service and team with how to fix them.
 */
import type { Clock } from '../../kernel/clock.ts';
import { newId } from '../../kernel/ids.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { AuditActor, AuditEvent } from '../audit/index.ts';
import type { PolicyViolation, ViolationQuery } from './contract.ts';
import type { PolicyResult } from './policy-evaluator.ts';
import type { KubeObject, ResourceIdentity } from './policy-match.ts';
import type { PolicyViolationRow, PolicyViolationStore } from './policy-violation.store.ts';

export type ViolationSource = 'admission' | 'action';

export interface PolicyViolationServiceDeps {
  store: PolicyViolationStore;
  clock: Clock;
  logger: Logger;
  audit: (event: AuditEvent) => Promise<void>;
  /** The catalog service a Kubernetes object belongs to, or null. */
  serviceOf: (object: KubeObject) => Promise<string | null>;
  /** The team owning a service in the catalog, or null. */
  ownerOf: (service: string) => Promise<string | null>;
  /** The services a team owns in the catalog. */
  servicesOf: (team: string) => Promise<string[]>;
  /** How to fix a failing policy, from its annotations; null when it says nothing. */
  fixFor: (policy: string) => string | null;
}

export interface ObservedResults {
  source: ViolationSource;
  object: KubeObject;
  results: PolicyResult[];
  /** The resource is gone: every open failure on it closes. */
  deleted: boolean;
  actor: AuditActor;
}

/** Beyond this many recordings waiting, new ones are dropped (and logged) rather than queued. */
const MAX_WAITING = 10_000;

const resourceKey = (r: ResourceIdentity) => `${r.apiVersion} ${r.kind} ${r.namespace}/${r.name}`;
const isFailing = (r: PolicyResult) => r.outcome === 'fail' || r.outcome === 'error';
const messageOf = (r: PolicyResult) =>
  r.outcome === 'error'
    ? `could not be evaluated: ${r.error ?? ''}`
    : r.violations.map((v) => v.message).join('; ');

export function createPolicyViolationService(deps: PolicyViolationServiceDeps) {
  const { store } = deps;
  let tail: Promise<void> = Promise.resolve();
  let waiting = 0;

  async function upsert(
    found: PolicyViolationRow | undefined,
    values: Omit<PolicyViolationRow, 'id' | 'first_seen' | 'resolved_at'>,
  ): Promise<void> {
    const reopened = found && (found.resolved_at !== null || found.outcome !== values.outcome);
    if (!found) {
      await store.insert({ id: newId(), ...values, first_seen: values.last_seen, resolved_at: null });
    } else {
      await store.update(found.id, {
        ...values,
        resolved_at: null,
        ...(reopened ? { first_seen: values.last_seen } : {}),
      });
    }
  }

  async function record(observed: ObservedResults): Promise<void> {
    const at = deps.clock.now().toISOString();
    const service = await deps.serviceOf(observed.object);
    const { source } = observed;
    for (const result of observed.results) {
      const resource = resourceKey(result.resource);
      if (observed.deleted) continue;
      const base = {
        source,
        resource,
        resource_kind: result.resource.kind,
        namespace: result.resource.namespace,
        name: result.resource.name,
        service,
        policy: result.policy,
        actions: JSON.stringify(result.actions),
        last_seen: at,
      };
      if (isFailing(result)) {
        const found = await store.find(source, resource, result.policy);
        await upsert(found, {
          ...base,
          outcome: result.outcome,
          message: messageOf(result),
          exception: null,
        });
      } else if (result.outcome === 'skip' && result.exception) {
        const found = await store.find(source, resource, result.policy);
        await upsert(found, {
          ...base,
          outcome: 'excepted',
          message: `let through by exception ${result.exception}`,
          exception: result.exception,
        });
        if (found?.outcome !== 'excepted' || found.exception !== result.exception) {
          await deps.audit({
            actor: observed.actor,
            action: 'policy.exception-applied',
            target: resource,
            service,
            details: { policy: result.policy, exception: result.exception, source },
          });
        }
      } else if (result.outcome === 'pass') {
        await store.resolve(source, resource, [result.policy], at);
      }
    }
    if (observed.deleted) {
      const resources = new Set(observed.results.map((r) => resourceKey(r.resource)));
      for (const resource of resources) await store.resolve(source, resource, null, at);
    }
  }

  async function present(row: PolicyViolationRow): Promise<PolicyViolation> {
    const open = row.resolved_at === null && row.outcome !== 'excepted';
    return {
      id: row.id,
      source: row.source as ViolationSource, // written by record() from ViolationSource
      resource: { kind: row.resource_kind, namespace: row.namespace, name: row.name },
      service: row.service,
      team: row.service ? await deps.ownerOf(row.service) : null,
      policy: row.policy,
      outcome: row.outcome as PolicyViolation['outcome'], // written by record(): fail | error | excepted
      actions: JSON.parse(row.actions) as PolicyViolation['actions'], // written by record() as a JSON array
      message: row.message,
      exception: row.exception,
      fix: deps.fixFor(row.policy),
      open,
      firstSeen: row.first_seen,
      lastSeen: row.last_seen,
      resolvedAt: row.resolved_at,
    };
  }

  return {
    /**
     * Records results after the answer has gone: a reviewer waiting on the apiserver's timeout
     * must not wait on the state store. Recordings run one at a time, in arrival order, so two
     * reviews of one resource never race on its row.
     */
    recordLater(observed: ObservedResults): void {
      if (waiting >= MAX_WAITING) {
        deps.logger.warn({ waiting }, 'policy results dropped: too many waiting to be recorded');
        return;
      }
      waiting++;
      tail = tail
        .then(() => record(observed))
        .catch((error: unknown) => deps.logger.error({ err: error }, 'recording policy results failed'))
        .finally(() => {
          waiting--;
        });
    },

    record,

    /** Waits for every recording queued so far (shutdown, tests). */
    drain: (): Promise<void> => tail,

    /** Violations of a service, of a team's services, or of everything; newest first. */
    async list(filter: ViolationQuery): Promise<PolicyViolation[]> {
      const services =
        filter.service !== undefined
          ? [filter.service]
          : filter.team !== undefined
            ? await deps.servicesOf(filter.team)
            : undefined;
      const rows = await store.list({ services, open: filter.open, limit: filter.limit });
      return Promise.all(rows.map(present));
    },

    openDenyCounts: () => store.openDenyCounts(),
  };
}

export type PolicyViolationService = ReturnType<typeof createPolicyViolationService>;
