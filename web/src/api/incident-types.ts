/**
 * The incident context sections (BLUEPRINT §5), written by hand: the incidents contract types
 * `context` as an open record until the context engine lands. Every field is optional so the page
 * degrades instead of breaking when the engine sends less.
 */
import type { Change } from './contracts.ts';

export interface Suspect {
  score: number;
  reasons: string[];
  change?: Partial<Change> & { id?: string };
  service?: string | null;
  summary?: string;
}

export interface RootCauseService {
  service: string;
  score: number;
  reasons?: string[];
}

export interface ImpactedService {
  service: string;
  errorRateBefore?: number | null;
  errorRateNow?: number | null;
  p99BeforeMs?: number | null;
  p99NowMs?: number | null;
}

export interface Impact {
  services?: ImpactedService[];
  entryPoints?: string[];
  requestsAffected?: number | null;
  budgetBurned?: number | null;
}

export interface Rollback {
  service: string;
  fromVersion?: string | null;
  toVersion?: string | null;
  changeId?: string | null;
}

export interface Fix {
  rollback?: Rollback | null;
  runbooks?: { title: string; url?: string | null; path?: string | null }[];
  similarIncidents?: { id: string; title: string; resolvedAt?: string | null; resolution?: string | null }[];
}

export interface Evidence {
  traces?: { traceId: string; service?: string; operation?: string; durationMs?: number; at?: string }[];
  errorMessages?: { message: string; service?: string; before?: number; after?: number }[];
  logPatterns?: { pattern: string; service?: string; count?: number; isNew?: boolean }[];
}

export interface IncidentContext {
  suspects?: Suspect[];
  rootCauseServices?: RootCauseService[];
  impact?: Impact;
  fix?: Fix;
  evidence?: Evidence;
}

/**
 * Reads the incident's `context` (the server types it as an open record until the context engine
 * lands) into the sections the page draws, dropping any section that is not the expected shape.
 */
export function readContext(raw: Record<string, unknown> | null): IncidentContext | null {
  if (!raw) return null;
  const list = <T>(value: unknown): T[] | undefined => (Array.isArray(value) ? (value as T[]) : undefined); // Element shapes are checked where drawn (optional fields).
  const object = <T>(value: unknown): T | undefined =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as T) : undefined; // Fields are all optional in T.
  const suspects = list<Suspect>(raw.suspects)?.filter(
    (s) => typeof s?.score === 'number' && Array.isArray(s.reasons),
  );
  const roots = list<RootCauseService>(raw.rootCauseServices)?.filter((r) => typeof r?.service === 'string');
  return {
    ...(suspects ? { suspects } : {}),
    ...(roots ? { rootCauseServices: roots } : {}),
    ...(object<Impact>(raw.impact) ? { impact: object<Impact>(raw.impact) } : {}),
    ...(object<Fix>(raw.fix) ? { fix: object<Fix>(raw.fix) } : {}),
    ...(object<Evidence>(raw.evidence) ? { evidence: object<Evidence>(raw.evidence) } : {}),
  };
}
