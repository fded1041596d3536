/**
 * A fake Jenkins on loopback, implementing exactly the remote access API the jenkins executor uses:
 * - `GET /crumbIssuer/api/json` (CSRF on: `{crumb, crumbRequestField: "Jenkins-Crumb"}` and a
 *   session cookie; POSTs without both get 403 "No valid crumb was included in the request")
 * - `POST /job/{name}/buildWithParameters` (form parameters) and `POST /job/{name}/build` → 201
 *   with `Location: …/queue/item/{n}/`; folders as `/job/{folder}/job/{name}/…`
 * - `GET /queue/item/{n}/api/json` → `why` on the first read, then `executable.url`
 * - `GET {build}/api/json`, `GET {build}/logText/progressiveText?start=` (reveals `chunkBytes`
 *   more bytes of the console per read, with `X-Text-Size` and `X-More-Data`), `POST {build}/stop`
 * - `POST /queue/cancelItem?id={n}`
 * HTTP Basic auth with the configured user and API token; Jenkins-style HTML error pages.
 */
import { type FakeHttpServer, type RecordedRequest, startFakeHttpServer } from './fake-http-server.ts';

export interface FakeJenkinsJob {
  /** `folder/name` for a job in a folder. */
  name: string;
  parameters: string[];
  result: 'SUCCESS' | 'FAILURE';
  console: string;
}

export interface FakeJenkinsBuild {
  job: string;
  number: number;
  parameters: Record<string, string>;
  revealedBytes: number;
  result: 'SUCCESS' | 'FAILURE' | 'ABORTED' | null;
}

export interface FakeJenkinsQueueItem {
  id: number;
  job: string;
  parameters: Record<string, string>;
  reads: number;
  cancelled: boolean;
  build?: FakeJenkinsBuild;
}

export interface FakeJenkins {
  url: string;
  server: FakeHttpServer;
  jobs: Map<string, FakeJenkinsJob>;
  queue: FakeJenkinsQueueItem[];
  builds: FakeJenkinsBuild[];
  close(): Promise<void>;
}

const page = (status: number, title: string) => ({
  status,
  headers: { 'content-type': 'text/html;charset=utf-8' },
  body: `<html><head><title>Error ${status} ${title}</title></head><body><h2>HTTP ERROR ${status} ${title}</h2></body></html>`,
});

export async function startFakeJenkins(options: {
  user: string;
  token: string;
  csrf: boolean;
  chunkBytes: number;
  /** Queue reads before the build gets an executor. */
  queueReads?: number;
}): Promise<FakeJenkins> {
  const server = await startFakeHttpServer();
  const jobs = new Map<string, FakeJenkinsJob>();
  const queue: FakeJenkinsQueueItem[] = [];
  const builds: FakeJenkinsBuild[] = [];
  const crumb = 'c7a1e9b0f00d';
  const session = 'JSESSIONID.fake=node01abc';
  const basic = `Basic ${Buffer.from(`${options.user}:${options.token}`).toString('base64')}`;
  const authorized = (request: RecordedRequest) => request.headers.authorization === basic;
  const crumbOk = (request: RecordedRequest) =>
    !options.csrf || (request.headers['jenkins-crumb'] === crumb && request.headers.cookie === session);
  const unauthorized = page(401, 'Unauthorized');
  const noCrumb = page(403, 'No valid crumb was included in the request');
  const jobOf = (path: string) => {
    const parts = path.split('/');
    if (parts.length % 2 !== 0 || parts.some((part, index) => index % 2 === 0 && part !== 'job'))
      return undefined;
    return parts.filter((_, index) => index % 2 === 1).join('/');
  };
  const buildUrl = (build: FakeJenkinsBuild) =>
    `${server.url}/${build.job
      .split('/')
      .map((part) => `job/${part}`)
      .join('/')}/${build.number}/`;
  const findBuild = (path: string, number: string) =>
    builds.find((build) => build.job === jobOf(path) && String(build.number) === number);

  server.route('GET', '/crumbIssuer/api/json', (request) => {
    if (!authorized(request)) return unauthorized;
    if (!options.csrf) return page(404, 'Not Found');
    return {
      headers: { 'set-cookie': `${session}; Path=/; HttpOnly` },
      body: { _class: 'hudson.security.csrf.DefaultCrumbIssuer', crumb, crumbRequestField: 'Jenkins-Crumb' },
    };
  });

  const queueBuild = (request: RecordedRequest, params: Record<string, string>) => {
    if (!authorized(request)) return unauthorized;
    if (!crumbOk(request)) return noCrumb;
    const name = jobOf(params.path ?? '');
    const job = name ? jobs.get(name) : undefined;
    if (!job) return page(404, 'Not Found');
    const form = new URLSearchParams(request.body);
    const parameters = Object.fromEntries(
      job.parameters.map((parameter) => [parameter, form.get(parameter) ?? '']),
    );
    const item: FakeJenkinsQueueItem = {
      id: 100 + queue.length + 1,
      job: job.name,
      parameters,
      reads: 0,
      cancelled: false,
    };
    queue.push(item);
    return { status: 201, headers: { location: `${server.url}/queue/item/${item.id}/` } };
  };
  server.route('POST', '/*path/buildWithParameters', queueBuild);
  server.route('POST', '/*path/build', queueBuild);

  server.route('GET', '/queue/item/:id/api/json', (request, params) => {
    if (!authorized(request)) return unauthorized;
    const item = queue.find((candidate) => String(candidate.id) === params.id);
    if (!item) return page(404, 'Not Found');
    item.reads += 1;
    if (!item.cancelled && !item.build && item.reads > (options.queueReads ?? 1)) {
      item.build = {
        job: item.job,
        number: builds.filter((build) => build.job === item.job).length + 1,
        parameters: item.parameters,
        revealedBytes: 0,
        result: null,
      };
      builds.push(item.build);
    }
    return {
      body: {
        _class: item.cancelled
          ? 'hudson.model.Queue$CancelledItem'
          : item.build
            ? 'hudson.model.Queue$LeftItem'
            : 'hudson.model.Queue$WaitingItem',
        id: item.id,
        cancelled: item.cancelled,
        why: item.build || item.cancelled ? null : 'Waiting for next available executor',
        executable: item.build ? { number: item.build.number, url: buildUrl(item.build) } : null,
      },
    };
  });

  server.route('POST', '/queue/cancelItem', (request) => {
    if (!authorized(request)) return unauthorized;
    if (!crumbOk(request)) return noCrumb;
    const item = queue.find((candidate) => String(candidate.id) === request.query.get('id'));
    if (!item) return page(404, 'Not Found');
    item.cancelled = true;
    return { status: 204 };
  });

  server.route('GET', '/*path/:number/api/json', (request, params) => {
    if (!authorized(request)) return unauthorized;
    const build = findBuild(params.path ?? '', params.number ?? '');
    if (!build) return page(404, 'Not Found');
    return {
      body: {
        number: build.number,
        url: buildUrl(build),
        building: build.result === null,
        result: build.result,
      },
    };
  });

  server.route('GET', '/*path/:number/logText/progressiveText', (request, params) => {
    if (!authorized(request)) return unauthorized;
    const build = findBuild(params.path ?? '', params.number ?? '');
    const job = build ? jobs.get(build.job) : undefined;
    if (!build || !job) return page(404, 'Not Found');
    const text = Buffer.from(job.console.replaceAll('{{VERSION}}', build.parameters.VERSION ?? ''));
    if (build.result === null)
      build.revealedBytes = Math.min(text.length, build.revealedBytes + options.chunkBytes);
    const start = Number(request.query.get('start') ?? '0');
    const end = build.revealedBytes;
    if (build.result === null && end === text.length) build.result = job.result;
    const more = build.result === null;
    return {
      headers: { 'x-text-size': String(end), ...(more ? { 'x-more-data': 'true' } : {}) },
      body: text.subarray(Math.min(start, end), end).toString('utf8'),
    };
  });

  server.route('POST', '/*path/:number/stop', (request, params) => {
    if (!authorized(request)) return unauthorized;
    if (!crumbOk(request)) return noCrumb;
    const build = findBuild(params.path ?? '', params.number ?? '');
    if (!build) return page(404, 'Not Found');
    if (build.result === null) build.result = 'ABORTED';
    return { status: 302, headers: { location: buildUrl(build) } };
  });

  return { url: server.url, server, jobs, queue, builds, close: () => server.close() };
}
