import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInExecutors } from '../../../src/modules/actions/executors/index.ts';
import { createJenkinsExecutor } from '../../../src/modules/actions/executors/jenkins/jenkins.executor.ts';
import {
  type JenkinsSettings,
  JenkinsSettingsSchema,
} from '../../../src/modules/actions/executors/jenkins/jenkins.settings.ts';
import { type FakeJenkins, startFakeJenkins } from '../fakes/jenkins-api.fake.ts';
import { executionContext, logged } from './execution-context.ts';

const deployConsole = [
  'Started by user cairn-bot',
  'Deploying payment {{VERSION}} to production',
  'helm upgrade payment ./chart --set image.tag={{VERSION}}',
  'Release "payment" has been upgraded. Happy Helming!',
  'Finished: SUCCESS',
  '',
].join('\n');

describe('Jenkins executor against a fake Jenkins', () => {
  let jenkins: FakeJenkins;
  const executor = createJenkinsExecutor({ env: { JENKINS_API_TOKEN: '11aa22bb' } });
  const settings = (input: Record<string, unknown> = {}): JenkinsSettings =>
    JenkinsSettingsSchema.parse({
      server: jenkins.url,
      job: 'deploy/payment',
      user: 'cairn-bot',
      parameters: { VERSION: '1.3.2', ENVIRONMENT: 'production' },
      pollIntervalMs: 10,
      ...input,
    });

  beforeEach(async () => {
    // 23-byte chunks split lines, so the executor must hold a partial line until the rest arrives.
    jenkins = await startFakeJenkins({ user: 'cairn-bot', token: '11aa22bb', csrf: true, chunkBytes: 23 });
    jenkins.jobs.set('deploy/payment', {
      name: 'deploy/payment',
      parameters: ['VERSION', 'ENVIRONMENT'],
      result: 'SUCCESS',
      console: deployConsole,
    });
  });
  afterEach(() => jenkins.close());

  it('is registered as the built-in "jenkins" executor', () => {
    expect(builtInExecutors.jenkins?.kind).toBe('jenkins');
  });

  it('queues buildWithParameters with the crumb, follows queue → build and streams the console line by line (fake Jenkins)', async () => {
    const context = executionContext(settings({ version: '1.3.2' }));
    const outcome = await executor.execute(context);

    const post = jenkins.server.requests.find((request) => request.method === 'POST');
    expect(post?.path).toBe('/job/deploy/job/payment/buildWithParameters');
    expect(post?.headers['jenkins-crumb']).toBe('c7a1e9b0f00d');
    expect(Object.fromEntries(new URLSearchParams(post?.body))).toEqual({
      VERSION: '1.3.2',
      ENVIRONMENT: 'production',
    });
    expect(jenkins.builds).toEqual([
      expect.objectContaining({
        job: 'deploy/payment',
        number: 1,
        parameters: { VERSION: '1.3.2', ENVIRONMENT: 'production' },
        result: 'SUCCESS',
      }),
    ]);
    const buildUrl = `${jenkins.url}/job/deploy/job/payment/1/`;
    expect(context.logs).toEqual([
      'Queueing a build of deploy/payment with VERSION=1.3.2, ENVIRONMENT=production',
      `Queued: ${jenkins.url}/queue/item/101/`,
      'Waiting in the queue: Waiting for next available executor',
      `Build #1 started: ${buildUrl}`,
      'Started by user cairn-bot',
      'Deploying payment 1.3.2 to production',
      'helm upgrade payment ./chart --set image.tag=1.3.2',
      'Release "payment" has been upgraded. Happy Helming!',
      'Finished: SUCCESS',
    ]);
    expect(context.links).toEqual([{ title: 'Jenkins deploy/payment #1', url: buildUrl }]);
    expect(outcome).toEqual({
      outcome: 'succeeded',
      message: 'Jenkins build #1 of deploy/payment succeeded',
      change: { summary: 'built deploy/payment #1', version: '1.3.2' },
    });
    const reads = jenkins.server.requests.filter((request) => request.path.endsWith('/progressiveText'));
    // Each read starts where X-Text-Size said the last one ended: 23 bytes further, never re-reading.
    const consoleBytes = Buffer.byteLength(deployConsole.replaceAll('{{VERSION}}', '1.3.2'));
    expect(reads.map((request) => Number(request.query.get('start')))).toEqual(
      Array.from({ length: Math.ceil(consoleBytes / 23) }, (_, index) => index * 23),
    );
  });

  it('fails with the result, the last error line and the build link (fake Jenkins)', async () => {
    jenkins.jobs.set('deploy/payment', {
      name: 'deploy/payment',
      parameters: ['VERSION', 'ENVIRONMENT'],
      result: 'FAILURE',
      console:
        'Deploying payment {{VERSION}}\nError: UPGRADE FAILED: timed out waiting for the condition\nFinished: FAILURE\n',
    });
    await expect(executor.execute(executionContext(settings()))).rejects.toThrow(
      `Jenkins build #1 of deploy/payment ended FAILURE: "Error: UPGRADE FAILED: timed out waiting for the condition" — ${jenkins.url}/job/deploy/job/payment/1/`,
    );
  });

  it('quotes Jenkins’ refusal and sends the build request once (fake Jenkins)', async () => {
    await expect(executor.execute(executionContext(settings({ job: 'deploy/unknown' })))).rejects.toThrow(
      'Jenkins answered POST /job/deploy/job/unknown/buildWithParameters with HTTP 404: "Error 404 Not Found HTTP ERROR 404 Not Found"',
    );
    const wrongToken = createJenkinsExecutor({ env: { JENKINS_API_TOKEN: 'revoked' } });
    await expect(wrongToken.execute(executionContext(settings()))).rejects.toThrow(
      'Jenkins answered GET /crumbIssuer/api/json with HTTP 401: "Error 401 Unauthorized HTTP ERROR 401 Unauthorized"',
    );
    expect(jenkins.server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('uses /build for a job without parameters and works without CSRF protection (fake Jenkins)', async () => {
    await jenkins.close();
    jenkins = await startFakeJenkins({ user: 'cairn-bot', token: '11aa22bb', csrf: false, chunkBytes: 1000 });
    jenkins.jobs.set('restart-payment', {
      name: 'restart-payment',
      parameters: [],
      result: 'SUCCESS',
      console: 'ok\nFinished: SUCCESS\n',
    });
    const outcome = await executor.execute(
      executionContext(settings({ job: 'restart-payment', parameters: {} })),
    );
    expect(outcome.message).toBe('Jenkins build #1 of restart-payment succeeded');
    const post = jenkins.server.requests.find((request) => request.method === 'POST');
    expect([post?.path, post?.headers['jenkins-crumb']]).toEqual(['/job/restart-payment/build', undefined]);
  });

  it('stops the build when the Cairn run is cancelled (fake Jenkins)', async () => {
    await jenkins.close();
    jenkins = await startFakeJenkins({ user: 'cairn-bot', token: '11aa22bb', csrf: true, chunkBytes: 5 });
    jenkins.jobs.set('deploy/payment', {
      name: 'deploy/payment',
      parameters: ['VERSION', 'ENVIRONMENT'],
      result: 'SUCCESS',
      console: deployConsole,
    });
    const context = executionContext(settings({ pollIntervalMs: 50 }));
    const execution = executor.execute(context);
    await logged(context, 'Build #1 started');
    context.abort('cancelled by Dana Developer');
    await expect(execution).rejects.toThrow(
      `stopped while following Jenkins build ${jenkins.url}/job/deploy/job/payment/1/: cancelled by Dana Developer`,
    );
    expect(jenkins.builds[0]?.result).toBe('ABORTED');
    expect(context.logs.at(-1)).toBe(`Asked Jenkins to stop ${jenkins.url}/job/deploy/job/payment/1/`);
  });

  it('takes a queued build off the queue when the Cairn run is cancelled (fake Jenkins)', async () => {
    await jenkins.close();
    jenkins = await startFakeJenkins({
      user: 'cairn-bot',
      token: '11aa22bb',
      csrf: true,
      chunkBytes: 5,
      queueReads: 1_000,
    });
    jenkins.jobs.set('deploy/payment', {
      name: 'deploy/payment',
      parameters: ['VERSION', 'ENVIRONMENT'],
      result: 'SUCCESS',
      console: deployConsole,
    });
    const context = executionContext(settings({ pollIntervalMs: 50 }));
    const execution = executor.execute(context);
    await logged(context, 'Waiting in the queue');
    context.abort('cancelled by Dana Developer');
    await expect(execution).rejects.toThrow(
      'stopped while waiting for Jenkins to start the build of deploy/payment: cancelled by Dana Developer',
    );
    expect(jenkins.queue[0]?.cancelled).toBe(true);
    expect(jenkins.builds).toEqual([]);
  });
});

describe('Jenkins settings', () => {
  it('names what is missing', () => {
    expect(
      JenkinsSettingsSchema.safeParse({ server: 'https://ci.shop.example' }).error?.issues.map(
        (issue) => issue.message,
      ),
    ).toEqual([
      'job: the job name is required (a job in a folder: "folder/job")',
      'user: the Jenkins user the API token belongs to is required',
    ]);
    expect(
      JenkinsSettingsSchema.safeParse({ server: 'https://ci', job: '/deploy/', user: 'u' }).error?.issues[0]
        ?.message,
    ).toBe('job: write a folder job as "folder/job"');
  });
});
