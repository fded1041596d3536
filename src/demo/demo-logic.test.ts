import { describe, expect, it } from 'vitest';
import { alertmanagerPayload, fingerprintOf } from './alerts/alert-sender.ts';
import { githubSignature } from './cairn-client.ts';
import { argoCdNotification, githubDeploymentStatus, type Rollout } from './changes/deploy-payloads.ts';
import { bumpPatch } from './changes/deployer.ts';
import { createDemoClock, dailyTrafficShare } from './demo-clock.ts';
import { scheduleFor } from './scenarios/registry.ts';
import { SERVICE_PROFILES } from './shop/topology.ts';

const rollout: Rollout = {
  profile: SERVICE_PROFILES.payment,
  version: '1.3.2',
  previousVersion: '1.4.0',
  sha: 'a'.repeat(40),
  commit: 'b'.repeat(40),
  kind: 'rollback',
  author: 'jdoe',
  startedAt: new Date('2026-01-01T10:00:00Z'),
  finishedAt: new Date('2026-01-01T10:00:30Z'),
  deploymentId: 42,
  description: 'Roll back payment 1.4.0 to 1.3.2',
};

describe('demo time', () => {
  it('compresses scenario time by the speed and runs a simulated day per wall hour', () => {
    const clock = createDemoClock({ speed: 4, startedAtMs: 0 });
    expect(clock.wallMs(60)).toBe(15_000);
    expect(clock.hourOfDay(0)).toBe(10);
    expect(clock.hourOfDay(3_600_000 / 4 / 4)).toBeCloseTo(16, 6);
    expect(() => createDemoClock({ speed: 0, startedAtMs: 0 })).toThrow(
      'speed must be a positive number, got 0',
    );
  });

  it('shapes traffic over the day: a quarter at 04:00, all of it at 16:00', () => {
    expect(dailyTrafficShare(4)).toBeCloseTo(0.25, 9);
    expect(dailyTrafficShare(16)).toBeCloseTo(1, 9);
  });
});

describe('scenario schedule', () => {
  it('plays the named scenarios one after the other from 60 s', () => {
    expect(scheduleFor(['slow-database', 'bad-deploy'])).toEqual([
      { atSeconds: 60, scenario: 'slow-database' },
      { atSeconds: 270, scenario: 'bad-deploy' },
    ]);
  });

  it('refuses an unknown scenario, listing the known ones', () => {
    expect(() => scheduleFor(['bad-deploy', 'meteor'])).toThrow(
      'unknown scenario "meteor"; known: bad-deploy, slow-database, flapping-alert, transient-warnings, cpu-saturation',
    );
  });
});

describe('change payloads', () => {
  it('reports a rollback as a GitHub deployment_status with task deploy:rollback and the version', () => {
    const payload = githubDeploymentStatus(rollout, 'success') as {
      deployment_status: { state: string; created_at: string };
      deployment: { task: string; sha: string; payload: { version: string }; environment: string };
      repository: { full_name: string };
    };
    expect(payload.deployment_status.state).toBe('success');
    expect(payload.deployment_status.created_at).toBe('2026-01-01T10:00:30.000Z');
    expect(payload.deployment).toMatchObject({
      task: 'deploy:rollback',
      sha: 'a'.repeat(40),
      payload: { version: '1.3.2' },
      environment: 'production',
    });
    expect(payload.repository.full_name).toBe('acme-shop/payment');
  });

  it('reports an Argo CD sync with the app, revision, phase and image tag', () => {
    const sync = {
      app: 'ads',
      revision: 'b'.repeat(40),
      version: '1.1.5',
      image: 'ghcr.io/acme-shop/ads',
      startedAt: '2026-01-01T10:00:00.000Z',
      finishedAt: '2026-01-01T10:00:02.000Z',
      initiatedBy: '',
      message: 'successfully synced (all tasks run)',
      url: 'http://127.0.0.1:1234/applications/argocd/ads',
      repoURL: '/data/deployments.git',
    };
    expect(argoCdNotification({ ...sync, phase: 'Succeeded' })).toEqual({
      app: 'ads',
      revision: 'b'.repeat(40),
      phase: 'Succeeded',
      health: 'Healthy',
      syncStatus: 'Synced',
      startedAt: '2026-01-01T10:00:00.000Z',
      finishedAt: '2026-01-01T10:00:02.000Z',
      environment: 'production',
      version: '1.1.5',
      images: ['ghcr.io/acme-shop/ads:1.1.5'],
      initiatedBy: '',
      automated: true,
      message: 'successfully synced (all tasks run)',
      url: 'http://127.0.0.1:1234/applications/argocd/ads',
      repoURL: '/data/deployments.git',
    });
    expect(
      argoCdNotification({ ...sync, phase: 'Running', finishedAt: undefined, initiatedBy: 'cairn' }),
    ).toMatchObject({
      phase: 'Running',
      health: 'Progressing',
      syncStatus: 'OutOfSync',
      finishedAt: '',
      automated: false,
      initiatedBy: 'cairn',
    });
  });

  it('signs a body the way GitHub does (HMAC-SHA256, hex)', () => {
    // The value from GitHub's "Validating webhook deliveries" documentation.
    expect(githubSignature("It's a Secret to Everybody", 'Hello, World!')).toBe(
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
  });

  it('bumps patch versions', () => {
    expect(bumpPatch('1.12.9')).toBe('1.12.10');
    expect(bumpPatch('v1.12.9')).toBe('v1.12.10');
    expect(bumpPatch('latest')).toBe('latest.1');
  });
});

describe('Alertmanager payload', () => {
  it('is version 4 with one alert, a stable fingerprint, and the zero end time while firing', () => {
    const alert = {
      labels: { alertname: 'HighErrorRate', service: 'payment' },
      annotations: { summary: 's' },
    };
    const payload = alertmanagerPayload(alert, 'firing', new Date('2026-01-01T10:00:00Z'), undefined) as {
      version: string;
      status: string;
      alerts: Array<{ fingerprint: string; endsAt: string; startsAt: string }>;
    };
    expect(payload.version).toBe('4');
    expect(payload.status).toBe('firing');
    expect(payload.alerts[0]).toMatchObject({
      fingerprint: fingerprintOf({ service: 'payment', alertname: 'HighErrorRate' }),
      startsAt: '2026-01-01T10:00:00.000Z',
      endsAt: '0001-01-01T00:00:00Z',
    });
    expect(fingerprintOf(alert.labels)).toMatch(/^[0-9a-f]{16}$/);
  });
});
