/** What a page says beyond the alerts: computed by the incident context engine. */
export interface IncidentContextSummary {
  topSuspect?: string | undefined;
  impact?: string | undefined;
  runbookUrl?: string | undefined;
  /** The runbook step the incident's data leads to, with its action. */
  runbookStep?: string | undefined;
  /** The proposed rollback, when the top suspect is a deploy with a known earlier version. */
  rollback?: { service: string; fromVersion: string; toVersion: string } | undefined;
  /** The proposed fix in words and the prefilled run form that carries it out. */
  proposedFix?: { text: string; url: string } | undefined;
}

/** The incident context engine, as paging and the incident lifecycle see it. */
export interface IncidentContextProvider {
  summarize(incidentId: string): Promise<IncidentContextSummary>;
  /** Recompute and store the context (an incident opened or an alert joined); optional. */
  refresh?(incidentId: string): Promise<void>;
  /** Compute the context one last time and freeze it (the incident resolved); optional. */
  snapshot?(incidentId: string): Promise<void>;
}

/** Until the context engine exists: nothing beyond what the alerts carry. */
export const emptyContextProvider: IncidentContextProvider = { summarize: async () => ({}) };

/**
 * The provider's answer, or {} when it is slower than `timeoutMs` or fails: a page must not wait
 * long for context, and must go out even when the context engine is down.
 */
export async function summarizeWithin(
  provider: IncidentContextProvider,
  incidentId: string,
  timeoutMs: number,
): Promise<IncidentContextSummary> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<IncidentContextSummary>((resolve) => {
    timer = setTimeout(() => resolve({}), timeoutMs);
  });
  try {
    return await Promise.race([provider.summarize(incidentId).catch(() => ({})), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
