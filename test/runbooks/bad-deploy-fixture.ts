/**
 * The runbook done-when's scenario, shared by the API test and the browser journey: the bad
 * payment deploy (1.4.0, two minutes before the frontend's errors start) through the real
 * OpenTelemetry SDK, a real change event and an Alertmanager webhook, on a Cairn whose example
 * runbooks (examples/runbooks) match the FrontendErrors alert.
 */
import type { Incident } from '../../src/modules/incidents/index.ts';
import {
  type Hop,
  minutesBefore,
  type Scenario,
  startScenario,
} from '../context/scenarios/context-scenario.ts';

export interface BadDeploy {
  scenario: Scenario;
  /** The incident the FrontendErrors alert opened, once its page went out. */
  incident: Incident;
}

/**
 * Starts Cairn (`web` serves the built UI too), sends 30 minutes of frontend → checkout → payment
 * traffic where half of payment's requests fail from 20 s after the 1.4.0 deploy, records the
 * 1.3.2 and 1.4.0 deploys, fires FrontendErrors two minutes after the deploy and waits for the page.
 */
export async function startBadDeploy(options: { web?: boolean } = {}): Promise<BadDeploy> {
  const now = new Date();
  const deployAt = minutesBefore(now, 10);
  const onset = new Date(deployAt.getTime() + 2 * 60_000);
  const chain = (t: Date, n: number): Hop[] => {
    const broken = t.getTime() >= deployAt.getTime() + 20_000 && n % 2 === 0;
    return [
      { service: 'frontend', selfMs: 6 },
      { service: 'checkout', selfMs: 10 },
      {
        service: 'payment',
        selfMs: 8,
        ...(broken ? { error: `NullPointerException in PaymentService.charge for order ${n}` } : {}),
      },
    ];
  };

  const scenario = await startScenario(options);
  try {
    let n = 0;
    await scenario.traffic({
      from: minutesBefore(now, 30),
      to: now,
      everyMs: 5_000,
      shape: (t) => chain(t, n++),
    });
    await scenario.change({
      service: 'payment',
      version: '1.3.2',
      previousVersion: '1.3.1',
      finishedAt: minutesBefore(now, 100).toISOString(),
    });
    await scenario.change({
      service: 'payment',
      kind: 'deploy',
      version: '1.4.0',
      previousVersion: '1.3.2',
      startedAt: new Date(deployAt.getTime() - 60_000).toISOString(),
      finishedAt: deployAt.toISOString(),
    });
    const incident = await scenario.alert({
      name: 'FrontendErrors',
      service: 'frontend',
      startsAt: onset,
      annotations: { runbook_url: 'https://runbooks.example/frontend-errors' },
    });
    await scenario.receiver.waitFor(1, 60_000);
    return { scenario, incident };
  } catch (error) {
    await scenario.close();
    throw error;
  }
}
