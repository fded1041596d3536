import type { Clock } from '../../kernel/clock.ts';
import { newId } from '../../kernel/ids.ts';
import type { AlertFacts, IncidentService } from '../incidents/index.ts';
import type { AlertRow, AlertStore } from './alert.store.ts';
import { parseAlertTime, serviceFromLabels, severityFromLabels } from './alert-labels.ts';
import { presentAlert, presentIncidentAlert } from './alert-presenter.ts';
import type { Alert, AlertmanagerWebhook, AlertStatus, IncomingAlert, IntakeResult } from './contract.ts';
import type { SilenceService } from './silence.service.ts';

export interface AlertIntakeDeps {
  store: AlertStore;
  silences: SilenceService;
  /** The incident side; only these calls are used. */
  incidents: Pick<IncidentService, 'onAlertFiring' | 'onAlertResolved' | 'pageIfNeeded'>;
  clock: Clock;
  settings: {
    serviceLabels: readonly string[];
    flapping: { changes: number; windowMinutes: number };
  };
}

/**
 * Alert intake: deduplicates by (fingerprint, startsAt, status), tracks flapping, applies
 * silences, and hands each state change to the incident logic. Changes are processed one at a
 * time in this process so that a storm arriving in parallel requests groups deterministically.
 */
export function createAlertIntakeService(deps: AlertIntakeDeps) {
  const { store, settings } = deps;
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => {});
    return run;
  };

  const accept = async (incoming: IncomingAlert): Promise<boolean> => {
    const now = deps.clock.now();
    const nowIso = now.toISOString();
    const startsAt = incoming.startsAt.toISOString();
    const rule = incoming.labels.alertname ?? 'unnamed';
    const service = serviceFromLabels(incoming.labels, settings.serviceLabels);
    const severity = severityFromLabels(incoming.labels);
    const existing = await store.findByFingerprint(incoming.fingerprint);
    const fresh = await store.insertEvent({
      id: newId(),
      fingerprint: incoming.fingerprint,
      rule,
      service,
      severity,
      status: incoming.status,
      starts_at: startsAt,
      ends_at: incoming.endsAt?.toISOString() ?? null,
      received_at: nowIso,
      flapping: 0,
      incident_id: existing?.incident_id ?? null,
    });
    if (!fresh) return false;
    // A late event of an earlier occurrence is history only: the current state is newer.
    if (existing && startsAt < existing.starts_at) return true;

    const since = new Date(now.getTime() - settings.flapping.windowMinutes * 60_000).toISOString();
    const flapping = (await store.countEventsSince(incoming.fingerprint, since)) > settings.flapping.changes;
    const silencedBy =
      incoming.status === 'firing'
        ? await deps.silences.silencing({ ...incoming.labels, service: service ?? '', severity }, now)
        : (existing?.silenced_by ?? null);
    const facts: AlertFacts = {
      fingerprint: incoming.fingerprint,
      rule,
      service,
      severity,
      source: incoming.source,
      flapping,
      becameFlapping: flapping && existing?.flapping !== 1,
      silenced: silencedBy !== null,
      annotations: incoming.annotations,
      incidentId: existing?.incident_id ?? null,
      at: now,
    };
    const placed =
      incoming.status === 'firing'
        ? await deps.incidents.onAlertFiring(facts)
        : { incidentId: facts.incidentId, pageAfter: null };
    const newOccurrence = incoming.status === 'firing' && existing?.starts_at !== startsAt;
    const row: AlertRow = {
      id: existing?.id ?? newId(),
      fingerprint: incoming.fingerprint,
      source: incoming.source,
      rule,
      service,
      severity,
      status: incoming.status,
      labels: JSON.stringify(incoming.labels),
      annotations: JSON.stringify(incoming.annotations),
      group_key: incoming.groupKey,
      generator_url: incoming.generatorUrl,
      starts_at: startsAt,
      ends_at: incoming.status === 'resolved' ? (incoming.endsAt ?? now).toISOString() : null,
      occurrences: (existing?.occurrences ?? 0) + (newOccurrence || !existing ? 1 : 0),
      flapping: flapping ? 1 : 0,
      silenced_by: silencedBy,
      incident_id: placed.incidentId,
      page_after: placed.pageAfter,
      first_seen_at: existing?.first_seen_at ?? nowIso,
      updated_at: nowIso,
    };
    await store.upsert(row);
    await store.setEventIncident(
      incoming.fingerprint,
      startsAt,
      incoming.status,
      placed.incidentId,
      flapping,
    );
    if (incoming.status === 'resolved') await deps.incidents.onAlertResolved(facts);
    return true;
  };

  return {
    /** Takes state changes from any source; duplicates are counted, not applied. */
    ingest(alerts: readonly IncomingAlert[]): Promise<IntakeResult> {
      return serialized(async () => {
        let accepted = 0;
        for (const alert of alerts) if (await accept(alert)) accepted++;
        return { received: alerts.length, accepted, duplicates: alerts.length - accepted };
      });
    },

    /** An Alertmanager webhook notification (payload version 4). */
    ingestAlertmanager(body: AlertmanagerWebhook): Promise<IntakeResult> {
      return this.ingest(
        body.alerts.map((alert) => ({
          source: 'alertmanager' as const,
          fingerprint: alert.fingerprint,
          status: alert.status,
          labels: alert.labels,
          annotations: alert.annotations,
          // The schema checked both parse; the zero time becomes null.
          startsAt: parseAlertTime(alert.startsAt) ?? deps.clock.now(),
          endsAt: parseAlertTime(alert.endsAt),
          groupKey: body.groupKey ?? null,
          generatorUrl: alert.generatorURL || null,
        })),
      );
    },

    /** Pages for held warnings still firing after the transient hold. */
    pageHeld(): Promise<number> {
      return serialized(async () => {
        const due = await store.listHeldDue(deps.clock.now().toISOString());
        for (const row of due) {
          await store.clearPageAfter(row.fingerprint);
          if (row.flapping === 1 || row.silenced_by || !row.incident_id) continue;
          // Written by the intake from a validated string map.
          const annotations = JSON.parse(row.annotations) as Record<string, string>;
          await deps.incidents.pageIfNeeded(row.incident_id, { rule: row.rule, annotations });
        }
        return due.length;
      });
    },

    async list(status: AlertStatus | undefined, limit: number): Promise<Alert[]> {
      return (await store.list(status, limit)).map(presentAlert);
    },

    async find(fingerprint: string): Promise<Alert | undefined> {
      const row = await store.findByFingerprint(fingerprint);
      return row ? presentAlert(row) : undefined;
    },

    /** The firing alerts one source raised, e.g. so it can resolve those it no longer evaluates. */
    async firingFrom(source: IncomingAlert['source']): Promise<Alert[]> {
      return (await store.listFiringFrom(source)).map(presentAlert);
    },

    async listByIncident(incidentId: string) {
      return (await store.listByIncident(incidentId)).map(presentIncidentAlert);
    },
  };
}

export type AlertIntakeService = ReturnType<typeof createAlertIntakeService>;
