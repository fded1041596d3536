import type { IncidentMessage } from './contract.ts';

/** The lines every channel shows, in order; channels differ only in how they wrap them. */
export function messageLines(message: IncidentMessage): string[] {
  if (message.kind === 'resolved') {
    return [`Resolved: ${message.title}`, `Services: ${message.services.join(', ')}`, message.incidentUrl];
  }
  if (message.kind === 'run') {
    return [
      message.run?.text ?? `An action run on ${message.title}`,
      ...(message.run ? [`Run: ${message.run.url}`] : []),
      `Incident: ${message.title} ${message.incidentUrl}`,
    ];
  }
  return [
    `[${message.severity.toUpperCase()}] ${message.title}`,
    `Services: ${message.services.join(', ')}`,
    `Impact: ${message.impact ?? 'not yet known'}`,
    `Top suspect: ${message.topSuspect ?? 'none found yet'}`,
    ...(message.proposedFix ? [`Proposed fix: ${message.proposedFix.text}: ${message.proposedFix.url}`] : []),
    ...(message.runbookStep ? [`Recommended step: ${message.runbookStep}`] : []),
    `Runbook: ${message.runbookUrl ?? 'none linked'}`,
    `Incident: ${message.incidentUrl}`,
  ];
}

/** Structured fields a receiver (or a test) can read without parsing text. */
export function messageFields(message: IncidentMessage): Record<string, string | string[] | null> {
  return {
    kind: message.kind,
    incidentId: message.incidentId,
    title: message.title,
    severity: message.severity,
    services: message.services,
    impact: message.impact ?? null,
    topSuspect: message.topSuspect ?? null,
    runbookUrl: message.runbookUrl ?? null,
    runbookStep: message.runbookStep ?? null,
    incidentUrl: message.incidentUrl,
    // Present only when there is one, so receivers matching the page's fields see no new keys.
    ...(message.proposedFix
      ? { proposedFix: message.proposedFix.text, proposedFixUrl: message.proposedFix.url }
      : {}),
    ...(message.run ? { runId: message.run.id, runState: message.run.state, runUrl: message.run.url } : {}),
  };
}
