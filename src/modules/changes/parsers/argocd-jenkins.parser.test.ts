import { describe, expect, it } from 'vitest';
import { InputError } from '../../../kernel/errors.ts';
import { parseArgoCdNotification } from './argocd.parser.ts';
import { jobFullName, parseJenkinsNotification } from './jenkins.parser.ts';

/** What the documented Argo CD template renders for a finished sync of `cart`. */
const argoSync = {
  app: 'cart',
  revision: '9fceb02d0ae598e95dc970b74767f19372d61af8',
  phase: 'Succeeded',
  health: 'Healthy',
  syncStatus: 'Synced',
  startedAt: '2026-11-25T09:58:00Z',
  finishedAt: '2026-11-25T09:59:30Z',
  environment: '',
  version: '',
  images: ['ghcr.io/acme-shop/cart:1.8.0'],
  initiatedBy: '',
  automated: 'true',
  message: 'successfully synced (all tasks run)',
  url: 'https://argocd.acme-shop.example/applications/cart',
  repoURL: 'https://github.com/acme-shop/deploy.git',
};

describe('Argo CD notifications', () => {
  it('turns a finished sync into a deploy of the app, versioned by its image tag', () => {
    expect(parseArgoCdNotification(argoSync)).toEqual({
      change: {
        source: 'argocd',
        idempotencyKey: 'cart@9fceb02d0ae598e95dc970b74767f19372d61af8@2026-11-25T09:58:00.000Z',
        target: { by: 'annotation', annotation: 'argocd/app-name', value: 'cart' },
        environment: 'production',
        kind: 'deploy',
        version: '1.8.0',
        previousVersion: null,
        revision: '9fceb02d0ae598e95dc970b74767f19372d61af8',
        commits: [],
        author: 'argocd (automated)',
        status: 'succeeded',
        startedAt: '2026-11-25T09:58:00.000Z',
        finishedAt: '2026-11-25T09:59:30.000Z',
        url: 'https://argocd.acme-shop.example/applications/cart',
        description: 'Argo CD sync Succeeded; health Healthy; successfully synced (all tasks run)',
      },
    });
  });

  it('counts a degraded or failed sync as failed and ignores one still running', () => {
    expect(parseArgoCdNotification({ ...argoSync, health: 'Degraded' })).toMatchObject({
      change: { status: 'failed' },
    });
    expect(
      parseArgoCdNotification({ ...argoSync, phase: 'Failed', environment: 'staging', version: '1.8.1' }),
    ).toMatchObject({
      change: { status: 'failed', environment: 'staging', version: '1.8.1' },
    });
    expect(parseArgoCdNotification({ ...argoSync, phase: 'Running' })).toEqual({
      ignored: 'sync operation of cart is still Running',
    });
    expect(parseArgoCdNotification({ app: 'cart', phase: '' })).toEqual({
      ignored: 'no operation phase: the notification is not about a sync operation',
    });
    expect(() => parseArgoCdNotification({ phase: 'Succeeded' })).toThrow(InputError);
    expect(() => parseArgoCdNotification({ app: '  ' })).toThrow(
      'body.app: must name the Argo CD application',
    );
  });
});

/** The Jenkins Notification plugin's JSON for a finished build of a job in a folder. */
const jenkinsBuild = {
  name: 'email-deploy',
  display_name: 'email-deploy',
  url: 'job/shop/job/email-deploy/',
  build: {
    full_url: 'https://jenkins.acme-shop.example/job/shop/job/email-deploy/42/',
    number: 42,
    queue_id: 7,
    timestamp: 1764064800000,
    duration: 95000,
    phase: 'FINALIZED',
    status: 'SUCCESS',
    url: 'job/shop/job/email-deploy/42/',
    scm: {
      url: 'https://github.com/acme-shop/email.git',
      branch: 'origin/main',
      commit: 'c6d86dc7208f7b5c6a4e1f8fd76f1ab7ee9ed1f8',
      changes: [],
      culprits: ['linus'],
    },
    parameters: { VERSION: '3.2.0', ENVIRONMENT: 'production' },
    log: '',
    notes: '',
    artifacts: {},
  },
};

describe('Jenkins Notification plugin', () => {
  it('turns a FINALIZED build into a deploy of the job, keyed by job and build number', () => {
    expect(parseJenkinsNotification(jenkinsBuild)).toEqual({
      change: {
        source: 'jenkins',
        idempotencyKey: 'shop/email-deploy#42',
        target: { by: 'annotation', annotation: 'jenkins.io/job-full-name', value: 'shop/email-deploy' },
        environment: 'production',
        kind: 'deploy',
        version: '3.2.0',
        previousVersion: null,
        revision: 'c6d86dc7208f7b5c6a4e1f8fd76f1ab7ee9ed1f8',
        commits: [],
        author: 'linus',
        status: 'succeeded',
        startedAt: '2025-11-25T10:00:00.000Z',
        finishedAt: '2025-11-25T10:01:35.000Z',
        url: 'https://jenkins.acme-shop.example/job/shop/job/email-deploy/42/',
        description: 'shop/email-deploy #42 SUCCESS',
      },
    });
  });

  it('ignores phases before FINALIZED and builds that never ran, records aborted ones as cancelled', () => {
    for (const phase of ['QUEUED', 'STARTED', 'COMPLETED']) {
      expect(parseJenkinsNotification({ ...jenkinsBuild, build: { ...jenkinsBuild.build, phase } })).toEqual({
        ignored: `build phase ${phase}: only FINALIZED builds are recorded`,
      });
    }
    expect(
      parseJenkinsNotification({ ...jenkinsBuild, build: { ...jenkinsBuild.build, status: 'NOT_BUILT' } }),
    ).toEqual({ ignored: 'build status NOT_BUILT is not a finished deploy' });
    expect(
      parseJenkinsNotification({ ...jenkinsBuild, build: { ...jenkinsBuild.build, status: 'ABORTED' } }),
    ).toMatchObject({ change: { status: 'cancelled' } });
    expect(() => parseJenkinsNotification({ name: 'x', build: { phase: 'FINALIZED' } })).toThrow(
      'body.build.number: Invalid input: expected number, received undefined',
    );
  });

  it('reads the full name of a job in folders from its URL', () => {
    expect(jobFullName('job/shop/job/email-deploy/')).toBe('shop/email-deploy');
    expect(jobFullName('https://ci.example/job/a%20b/42/')).toBe('a b');
    expect(jobFullName(undefined)).toBeNull();
  });
});
