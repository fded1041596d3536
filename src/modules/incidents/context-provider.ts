/** What a page says beyond the alerts: computed by the incident context engine. */
export interface IncidentContextSummary {
  topSuspect?: string | undefined;
  impact?: string | undefined;
  runbookUrl?: string | undefined;
}

/** The incident context engine, as paging sees it. */
export interface IncidentContextProvider {
  summarize(incidentId: string): Promise<IncidentContextSummary>;
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
