import type { IncidentAlert } from './contract.ts';

/** The `source` of the alerts the SLO evaluator raises (burn-rate alerts). */
const SLO_SOURCE = 'slo';

/** A burn-rate alert still firing that does not hold its incident open, and the symptom that shows why. */
export interface LingeringSloAlert {
  fingerprint: string;
  rule: string;
  service: string;
  severity: string;
  startsAt: string;
  /** The non-SLO alert of the same service that resolved after this one started. */
  symptom: { fingerprint: string; rule: string; endsAt: string };
}

export type QuietAssessment = { quiet: false } | { quiet: true; lingering: LingeringSloAlert[] };

const isSlo = (alert: IncidentAlert) => alert.source === SLO_SOURCE;

/**
 * Whether an incident's alerts let its quiet period run. Every non-SLO alert must have resolved.
 * An SLO burn-rate alert measures error budget spent over its window, so it lags the present by
 * its short window (5 minutes to 6 hours); a direct symptom alert (a non-SLO alert such as an
 * error-rate rule over the last minute) measures the present. So a still-firing burn-rate alert
 * does not hold the incident open once a symptom alert of the same service, in the same incident,
 * resolved after the burn-rate alert started: the budget is still recovering, the problem is gone.
 * Without such a symptom (an SLO-only incident, or another service) it holds the incident open.
 */
export function assessQuiet(alerts: readonly IncidentAlert[]): QuietAssessment {
  const symptoms = alerts.filter((alert) => !isSlo(alert));
  if (symptoms.some((alert) => alert.status === 'firing')) return { quiet: false };
  const lingering: LingeringSloAlert[] = [];
  for (const alert of alerts.filter((a) => isSlo(a) && a.status === 'firing')) {
    const symptom = latestSymptomResolvedAfter(symptoms, alert);
    if (!alert.service || !symptom?.endsAt) return { quiet: false };
    lingering.push({
      fingerprint: alert.fingerprint,
      rule: alert.rule,
      service: alert.service,
      severity: alert.severity,
      startsAt: alert.startsAt,
      symptom: { fingerprint: symptom.fingerprint, rule: symptom.rule, endsAt: symptom.endsAt },
    });
  }
  return { quiet: true, lingering };
}

function latestSymptomResolvedAfter(
  symptoms: readonly IncidentAlert[],
  slo: IncidentAlert,
): IncidentAlert | undefined {
  const started = Date.parse(slo.startsAt);
  return symptoms
    .filter(
      (symptom) =>
        slo.service !== null &&
        symptom.service === slo.service &&
        symptom.endsAt !== null &&
        Date.parse(symptom.endsAt) > started,
    )
    .sort((a, b) => Date.parse(b.endsAt ?? '') - Date.parse(a.endsAt ?? ''))[0];
}

/** The resolution note's words for burn-rate alerts left firing, e.g. for the timeline. */
export function describeLingering(lingering: readonly LingeringSloAlert[]): string {
  const alerts = lingering.map((alert) => `${alert.rule} on ${alert.service} (${alert.severity})`);
  const services = [...new Set(lingering.map((alert) => alert.service))];
  const symptoms = services.map((service) => {
    const rules = [...new Set(lingering.filter((a) => a.service === service).map((a) => a.symptom.rule))];
    return `${service}'s ${rules.join(', ')}`;
  });
  return (
    `still firing: ${alerts.join(', ')}. They did not hold it open: error budget still recovering ` +
    `(burn-rate alerts look back over their window), while ${symptoms.join(' and ')} resolved after they started`
  );
}
