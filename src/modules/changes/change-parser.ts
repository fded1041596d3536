import type { ChangeKind, ChangeSource, ChangeStatus } from './contract.ts';

/** How a change names its service: directly, or through a catalog annotation. */
export type ServiceTarget =
  | { by: 'name'; name: string }
  | { by: 'annotation'; annotation: string; value: string };

/** A change as every sender's payload is normalised to, before its service is resolved. */
export interface NormalizedChange {
  source: ChangeSource;
  /** Unique per source: a replay with the same key records nothing new. */
  idempotencyKey: string | null;
  target: ServiceTarget;
  environment: string;
  kind: ChangeKind;
  version: string | null;
  previousVersion: string | null;
  revision: string | null;
  /** `parent` (first parent) only when the sender knows it: pushes chain through it. */
  commits: Array<{
    sha: string;
    at: string | null;
    message: string | null;
    author: string | null;
    parent?: string | null;
  }>;
  author: string | null;
  status: ChangeStatus;
  startedAt: string | null;
  finishedAt: string | null;
  url: string | null;
  description: string | null;
}

/** A parser's answer: a change, or the reason this payload is not one. */
export type ParseOutcome = { change: NormalizedChange } | { ignored: string };

/** Defaults for the optional fields, so parsers state only what their payload carries. */
export function change(
  fields: Pick<NormalizedChange, 'source' | 'idempotencyKey' | 'target' | 'kind' | 'status'> &
    Partial<NormalizedChange>,
): ParseOutcome {
  return {
    change: {
      environment: 'production',
      version: null,
      previousVersion: null,
      revision: null,
      commits: [],
      author: null,
      startedAt: null,
      finishedAt: null,
      url: null,
      description: null,
      ...fields,
    },
  };
}

/** An ISO string in UTC from anything a payload calls a time, or null. */
export function isoTime(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Empty strings in payloads mean "absent". */
export function text(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}
