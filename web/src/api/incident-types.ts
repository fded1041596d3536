/**
 * The incident context as the page reads it. The incidents contract types `context` as an open
 * record (the incidents module does not depend on the context engine); its real shape is the
 * context engine's `IncidentContextSchema`, imported here as types only.
 */
import type { IncidentContext } from './contracts.ts';

export type {
  AffectedService,
  ContextEvidence,
  Fix,
  Impact,
  IncidentContext,
  Rollback,
  RootCauseService,
  Suspect,
} from './contracts.ts';

/** What the page can draw from `incident.context`. */
export type ContextReading =
  | { state: 'pending' }
  | { state: 'unreadable' }
  | { state: 'ready'; context: IncidentContext };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the incident's `context`: `pending` until the engine has computed one, `unreadable` when
 * it lacks a section the page draws (a snapshot stored by an older Cairn), else the context.
 */
export function readContext(raw: Record<string, unknown> | null): ContextReading {
  if (raw === null) return { state: 'pending' };
  const { impact, fix, evidence } = raw;
  const complete =
    Array.isArray(raw.suspects) &&
    Array.isArray(raw.rootCauseServices) &&
    isObject(impact) &&
    Array.isArray(impact.services) &&
    Array.isArray(impact.entryPoints) &&
    Array.isArray(impact.sloBudgetBurned) &&
    isObject(fix) &&
    Array.isArray(fix.runbooks) &&
    Array.isArray(fix.similarIncidents) &&
    isObject(evidence) &&
    Array.isArray(evidence.exemplarTraceIds) &&
    Array.isArray(evidence.topErrorTemplates) &&
    isObject(evidence.windows);
  // The server stores what IncidentContextSchema produced; the checks above catch older shapes.
  return complete ? { state: 'ready', context: raw as IncidentContext } : { state: 'unreadable' };
}
