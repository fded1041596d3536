import type { Clock } from '../../kernel/clock.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { Notifier } from '../notify/index.ts';
import type { IncidentContextProvider } from './context-provider.ts';
import type { IncidentAlert, IncidentRun } from './contract.ts';
import type { IncidentStore } from './incident.store.ts';
import type { ServiceTopology } from './topology.ts';

/** Alerts within this many hops of an incident's services join it (issue: "within two hops"). */
export const CORRELATION_HOPS = 2;

/** An alert state change, as the incident logic sees it. */
export interface AlertFacts {
  fingerprint: string;
  rule: string;
  service: string | null;
  severity: string;
  source: string;
  flapping: boolean;
  /** It became flapping with this change: summarise once on the incident. */
  becameFlapping: boolean;
  silenced: boolean;
  annotations: Record<string, string>;
  /** The incident it already belongs to, if any. */
  incidentId: string | null;
  at: Date;
}

/** A state change of an action run started from the incident (the actions module tells it). */
export interface LinkedRunNote {
  incidentId: string;
  runId: string;
  actionId: string;
  state: string;
  /** The timeline line, e.g. "Run r… (Roll back on payment) approved by pat". */
  text: string;
  /** The run's page. */
  runUrl: string;
  /** The run started or ended: worth an update on the channel the incident paged. */
  announce: boolean;
}

/** How an incident went, as noise analytics reads it. */
export interface IncidentOutcome {
  id: string;
  acknowledged: boolean;
  /** Acknowledged, or resolved by a person rather than automatically. */
  actioned: boolean;
  pagedRule: string | null;
}

/** The alerts module, as incidents read it. */
export interface IncidentAlertSource {
  listByIncident(incidentId: string): Promise<IncidentAlert[]>;
}

/** The actions module, as incidents read it: the runs started from an incident, oldest first. */
export interface IncidentRunSource {
  listByIncident(incidentId: string): Promise<IncidentRun[]>;
}

/**
 * Runs the join-or-open step so that no other Cairn replica runs one at the same time (see
 * `withGroupingLock`); every statement of `work` goes through the store it is handed.
 */
export type ExclusiveGrouping = <T>(work: (store: IncidentStore) => Promise<T>) => Promise<T>;

export interface IncidentServiceDeps {
  store: IncidentStore;
  grouping: ExclusiveGrouping;
  alerts: IncidentAlertSource;
  /** Without it (no actions module wired) an incident lists no runs. */
  runs?: IncidentRunSource;
  topology: ServiceTopology;
  context: IncidentContextProvider;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  settings: {
    groupWindowMinutes: number;
    transientHoldSeconds: number;
    resolveQuietSeconds: number;
    contextTimeoutMs: number;
    /** Base URL of incident links in notifications (known once the server listens). */
    publicUrl: () => string;
  };
}
