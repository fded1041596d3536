import { z } from 'zod';
import { ROLES } from './roles.ts';

/**
 * The whole of `cairn.yaml`. Every key is documented in docs/configuration.md; a test keeps the
 * two in step. Unknown keys are errors so that a typo never silently falls back to a default.
 */
const port = z.number().int().min(0).max(65535);

export const ServerConfigSchema = z
  .object({
    host: z.string().min(1).default('0.0.0.0').describe('Address the HTTP listeners bind to.'),
    port: port.default(7420).describe('Port of the UI, REST API and ingest endpoints (0 picks a free port).'),
    otlpPort: port
      .default(4318)
      .describe('Extra OTLP/HTTP listener, the OpenTelemetry SDK default port; 0 turns it off.'),
    publicUrl: z
      .url()
      .optional()
      .describe(
        'Base URL people reach Cairn at, used in printed links; defaults to http://localhost:<port>.',
      ),
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .default(16 * 1024 * 1024)
      .describe('Largest request body accepted, after decompression, in bytes.'),
    shutdownTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(8000)
      .describe('How long a graceful shutdown waits for in-flight work before closing anyway.'),
  })
  .strict();

export const StateConfigSchema = z
  .object({
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional()
      .describe('PostgreSQL URL of the state store; unset means SQLite at <dataDir>/state.db.'),
  })
  .strict();

export const TelemetryConfigSchema = z
  .object({
    url: z
      .string()
      .regex(/^https?:\/\//, 'must be an http:// or https:// ClickHouse URL')
      .optional()
      .describe(
        'ClickHouse HTTP URL (user and password may be in it); unset means chDB at <dataDir>/telemetry.',
      ),
    database: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier')
      .default('cairn')
      .describe('ClickHouse database holding the telemetry tables.'),
    retentionDays: z
      .number()
      .int()
      .positive()
      .default(7)
      .describe('Days telemetry rows are kept (table TTL).'),
  })
  .strict();

const emptyIsUnset = (value: unknown) => (value === '' ? undefined : value);

export const OidcConfigSchema = z
  .object({
    issuer: z
      .url()
      .describe('Issuer URL of the OpenID Provider; its /.well-known/openid-configuration is read.'),
    clientId: z.string().min(1).describe('Client id Cairn is registered with at the provider.'),
    clientSecret: z
      .preprocess(emptyIsUnset, z.string().min(1).optional())
      .describe('Client secret (keep it in the environment); unset: a public client (PKCE only).'),
    scopes: z
      .array(z.string().regex(/^\S+$/, 'must be one scope without spaces'))
      .default(['openid', 'email', 'profile', 'groups'])
      .refine((scopes) => scopes.includes('openid'), 'must include openid')
      .describe('Scopes requested at sign-in.'),
    groupsClaim: z.string().min(1).default('groups').describe('ID token claim that lists the IdP groups.'),
    allowedEmailDomains: z
      .array(z.string().regex(/^[a-z0-9.-]+$/i, 'must be a domain such as example.com'))
      .default([])
      .describe('Only people whose email is in one of these domains may sign in; empty: anyone.'),
    roleMappings: z
      .record(z.string(), z.enum(ROLES))
      .default({})
      .describe('IdP group → role (admin, platform, member, viewer); the highest mapped role wins.'),
    teamMappings: z
      .record(z.string(), z.array(z.string().min(1)))
      .default({})
      .describe('IdP group → Cairn teams (catalog Group names) its members belong to.'),
    label: z
      .string()
      .min(1)
      .default('Single sign-on')
      .describe('Name of the provider on the sign-in button.'),
  })
  .strict();

export const AuthConfigSchema = z
  .object({
    adminToken: z
      .string()
      .min(16, 'must be at least 16 characters')
      .optional()
      .describe(
        'Bootstrap admin token; unset means one is generated on first start and stored in the data dir.',
      ),
    sessionTtlMinutes: z
      .number()
      .int()
      .positive()
      .default(720)
      .describe('A browser session ends this long after sign-in.'),
    defaultRole: z
      .enum(ROLES)
      .default('member')
      .describe('Role of a person signed in through OIDC whose groups map to no role.'),
    oidc: OidcConfigSchema.optional().describe('Sign-in through an OpenID Connect provider.'),
  })
  .strict();

export const LogConfigSchema = z
  .object({
    level: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('Lowest log level written to stdout.'),
  })
  .strict();

const CatalogDirSourceSchema = z
  .object({
    type: z.literal('dir'),
    path: z.string().min(1).describe('Directory of descriptor files; relative paths are from cairn.yaml.'),
  })
  .strict();

const CatalogGitSourceSchema = z
  .object({
    type: z.literal('git'),
    url: z.string().min(1).describe('Anything `git fetch` accepts: an https/ssh URL or a local path.'),
    ref: z.string().min(1).optional().describe('Branch, tag or commit; the default branch when absent.'),
    path: z
      .string()
      .min(1)
      .optional()
      .describe('Subdirectory of the repository holding the descriptors, or one descriptor file.'),
  })
  .strict();

export const CatalogConfigSchema = z
  .object({
    sources: z
      .array(z.discriminatedUnion('type', [CatalogDirSourceSchema, CatalogGitSourceSchema]))
      .default([])
      .describe(
        'Where Backstage catalog-info.yaml files are read from: local directories and git repositories.',
      ),
    refreshIntervalSeconds: z
      .number()
      .int()
      .min(0)
      .default(300)
      .describe('Seconds between catalog syncs; 0 syncs only at start and on POST /api/v1/catalog/refresh.'),
    gitTimeoutSeconds: z
      .number()
      .int()
      .positive()
      .default(60)
      .describe('Longest a git fetch of a catalog source may take.'),
  })
  .strict();

export const IntegrationsConfigSchema = z
  .object({
    github: z
      .object({
        webhookSecret: z
          // An empty value (`${VAR:-}` with VAR unset) means "not configured", not a blank secret.
          .preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional())
          .describe('Secret GitHub signs webhook deliveries with (X-Hub-Signature-256); unset refuses them.'),
      })
      .strict()
      .prefault({})
      .describe('GitHub webhooks (POST /api/v1/integrations/github).'),
  })
  .strict();

const positiveInt = z.number().int().positive();

export const AlertsConfigSchema = z
  .object({
    serviceLabels: z
      .array(z.string().regex(/^[A-Za-z_]\w*(\+[A-Za-z_]\w*)?$/, 'must be a label name or `a+b`'))
      .min(1)
      .default(['service', 'service_name', 'job', 'app', 'namespace+deployment'])
      .describe(
        'Alert labels naming the service, tried in order; `a+b` takes label b when both a and b are set.',
      ),
    groupWindowMinutes: positiveInt
      .default(30)
      .describe('An alert joins an open incident whose last alert fired at most this long ago.'),
    transientHoldSeconds: z
      .number()
      .int()
      .min(0)
      .default(300)
      .describe('A warning that would page waits this long; if it resolves meanwhile it never pages.'),
    flapping: z
      .object({
        changes: positiveInt
          .default(4)
          .describe('An alert that changes state more than this many times in the window is flapping.'),
        windowMinutes: positiveInt.default(30).describe('The window flapping is counted in.'),
      })
      .strict()
      .prefault({})
      .describe('Flapping detection.'),
    resolveQuietSeconds: z
      .number()
      .int()
      .min(0)
      .default(300)
      .describe('An incident resolves this long after its last alert resolved, if none fired again.'),
    contextTimeoutMs: positiveInt
      .default(2000)
      .describe('Longest a page waits for the incident context (top suspect, impact) before going out.'),
  })
  .strict();

const NotifyChannelSchema = z
  .object({
    kind: z.enum(['mattermost', 'slack', 'log']).describe('Channel type.'),
    url: z.url().optional().describe('Incoming-webhook URL (mattermost and slack).'),
  })
  .strict()
  .refine((channel) => channel.kind === 'log' || channel.url !== undefined, {
    message: 'url is required for mattermost and slack channels',
    path: ['url'],
  });

export const NotifyConfigSchema = z
  .object({
    mattermostUrl: z
      .url()
      .optional()
      .describe('Mattermost incoming webhook of the default route; unset means pages are only logged.'),
    channels: z
      .record(z.string().regex(/^[\w-]+$/, 'must be a plain name'), NotifyChannelSchema)
      .default({})
      .describe('Named channels: { kind: mattermost | slack | log, url }.'),
    routes: z
      .array(
        z
          .object({
            team: z.string().min(1).optional().describe('Owning team the route is for.'),
            service: z.string().min(1).optional().describe('Service the route is for.'),
            channel: z.string().min(1).describe('Name of a channel in notify.channels.'),
          })
          .strict(),
      )
      .default([])
      .describe('First route whose team or service matches the incident wins; else the default route.'),
    retryAttempts: positiveInt.max(10).default(4).describe('Delivery attempts per notification.'),
    retryInitialDelayMs: positiveInt
      .default(1000)
      .describe('Wait before the first retry; doubles on each further retry.'),
  })
  .strict();

export const SloConfigSchema = z
  .object({
    evaluationIntervalSeconds: positiveInt
      .default(30)
      .describe('Seconds between SLO burn-rate evaluations (on the leader replica only).'),
    minBadEvents: positiveInt
      .default(5)
      .describe(
        'Failed (or too slow) requests a burn-rate window needs before it may alert, so a single stray error never pages.',
      ),
    objectives: z
      .array(
        z
          .object({
            service: z.string().min(1).describe('Service the objective is for.'),
            availability: z
              .number()
              .gt(0)
              .lt(100)
              .optional()
              .describe('Availability target in percent, e.g. 99.9.'),
            latencyP99Ms: positiveInt.optional().describe('99% of requests must be faster than this.'),
          })
          .strict(),
      )
      .default([])
      .describe('Service level objectives, beside those from catalog annotations.'),
  })
  .strict();

export const IngestConfigSchema = z
  .object({
    maxAttributesPerRecord: z
      .number()
      .int()
      .positive()
      .default(128)
      .describe(
        'Attributes kept per record (span, log, data point, resource, scope); the rest are dropped and counted.',
      ),
    maxAttributeValueLength: z
      .number()
      .int()
      .positive()
      .default(16384)
      .describe('Longest attribute value kept, in characters; longer values are cut and counted.'),
    maxInFlightRequests: z
      .number()
      .int()
      .positive()
      // The byte cap below bounds memory; this one bounds per-request overhead. An OpenTelemetry
      // SDK's flush sends every queued batch at once (up to maxQueueSize / maxExportBatchSize per
      // signal, 2048 / 512 = 4 by default, times three signals per process), so a few dozen
      // processes flushing together pass a low count while the byte cap would admit them.
      .default(256)
      .describe(
        'Ingest requests handled at once; more are refused with 503 + Retry-After before their body is read.',
      ),
    maxInFlightBytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024 * 1024)
      .describe(
        'Request bodies (as declared by Content-Length) handled at once, in bytes; one request is always admitted when none is in flight.',
      ),
  })
  .strict();

export const ContextConfigSchema = z
  .object({
    lookbackMinutes: positiveInt
      .max(7 * 24 * 60)
      .default(120)
      .describe("Changes this long before an incident's onset are ranked as suspects."),
    refreshIntervalSeconds: positiveInt
      .default(60)
      .describe('Seconds between recomputations of the context of open incidents (on the leader only).'),
    environments: z
      .array(z.string().min(1))
      .default(['production'])
      .describe('Environments whose changes can be suspects; empty: every environment.'),
  })
  .strict();

export const PolicyConfigSchema = z
  .object({
    paths: z
      .array(z.string().min(1))
      .default([])
      .describe('Policy files or folders (Kyverno, Kubernetes, Terraform) the admission webhook runs.'),
  })
  .strict();

export const ActionsConfigSchema = z
  .object({
    dir: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Directory (or file) of action definitions; absent: the examples Cairn ships (examples/actions).',
      ),
    environments: z
      .array(z.string().min(1))
      .default(['production', 'staging'])
      .describe('Environments the environment picker offers before a service has changes there.'),
    webhook: z
      .object({
        signingSecret: z
          .string()
          .min(16)
          .optional()
          .describe('HMAC-SHA256 secret signing webhook-executor calls and the reports sent back.'),
      })
      .strict()
      .prefault({}),
    pollIntervalMs: positiveInt
      .max(60_000)
      .default(1000)
      .describe('How often each replica looks for queued runs, cancellations, reports and new log lines.'),
  })
  .strict();

export const RunbooksConfigSchema = z
  .object({
    dir: z
      .string()
      .min(1)
      .default('examples/runbooks')
      .describe(
        'Folder of Markdown runbooks (relative to the working directory); a missing folder holds none.',
      ),
  })
  .strict();

export const DoraConfigSchema = z
  .object({
    productionEnvironments: z
      .array(z.string().min(1))
      .min(1)
      .default(['production'])
      .describe('Environments whose succeeded deploys and rollbacks count as deployments.'),
  })
  .strict();

const CapabilityNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes');

export const FeedbackConfigSchema = z
  .object({
    surveyPeriodDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(90)
      .describe('A signed-in person is asked the survey at most once per this many days.'),
    snoozeDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(7)
      .describe('"Remind me later" asks again after this many days.'),
    anonymous: z
      .boolean()
      .default(false)
      .describe('Feedback authors are shown only to admins; everyone else sees "anonymous".'),
    capabilities: z
      .array(CapabilityNameSchema)
      .max(30)
      .default(['catalog', 'deployments', 'incidents', 'actions', 'runbooks', 'docs'])
      .describe('Capabilities the survey asks a CSAT (1–5) for; each is optional to answer.'),
  })
  .strict();

export const SupportConfigSchema = z
  .object({
    mattermostTokens: z
      .array(z.string().min(1))
      .default([])
      .describe('Tokens of the Mattermost slash commands / outgoing webhooks allowed to post requests.'),
    slackSigningSecret: z
      .preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional())
      .describe('Slack app signing secret (X-Slack-Signature v0); unset refuses Slack requests.'),
    topics: z
      .record(CapabilityNameSchema, z.array(z.string().min(1)).min(1))
      .default({
        deploy: ['deploy', 'release', 'rollout', 'rollback', 'pipeline', 'build'],
        access: ['access', 'permission', 'token', 'login', 'sign in', 'role'],
        incident: ['incident', 'alert', 'page', 'outage', 'down', 'error'],
        database: ['database', 'postgres', 'db', 'migration'],
        onboarding: ['new service', 'template', 'scaffold', 'onboard'],
        observability: ['logs', 'trace', 'metric', 'dashboard', 'slo'],
      })
      .describe('Topic → keywords; a request gets the topic with the most keyword hits, else `other`.'),
  })
  .strict();

const usdPerHour = z.number().nonnegative();

export const NodePriceSchema = z
  .object({
    instanceType: z
      .string()
      .min(1)
      .optional()
      .describe('Matches the node label node.kubernetes.io/instance-type; unset matches any type.'),
    capacityType: z
      .enum(['spot', 'on-demand'])
      .optional()
      .describe('Matches spot or on-demand nodes (see cost.spotLabels); unset matches both.'),
    cpuCoreHourUsd: usdPerHour.optional().describe('Price of one CPU core for one hour on matching nodes.'),
    ramGiBHourUsd: usdPerHour
      .optional()
      .describe('Price of one GiB of memory for one hour on matching nodes.'),
    gpuHourUsd: usdPerHour.optional().describe('Price of one GPU for one hour on matching nodes.'),
  })
  .strict();

export const CostConfigSchema = z
  .object({
    cpuCoreHourUsd: usdPerHour
      .default(0.031611)
      .describe('Default price of one CPU core-hour (OpenCost default).'),
    ramGiBHourUsd: usdPerHour
      .default(0.004237)
      .describe('Default price of one GiB-hour of memory (OpenCost default).'),
    gpuHourUsd: usdPerHour.default(0.95).describe('Default price of one GPU-hour (OpenCost default).'),
    storageGiBHourUsd: usdPerHour
      .default(0.00005479452)
      .describe('Price of one GiB-hour of requested PVC storage (OpenCost default, 0.04 per GiB-month).'),
    nodePrices: z
      .array(NodePriceSchema)
      .default([])
      .describe('Prices per node type and spot/on-demand; the first matching entry wins, per resource.'),
    spotLabels: z
      .array(z.string().min(1))
      .default([
        'karpenter.sh/capacity-type',
        'eks.amazonaws.com/capacityType',
        'cloud.google.com/gke-spot',
        'kubernetes.azure.com/scalesetpriority',
      ])
      .describe('Node labels that mark a spot node when their value is spot, true or SPOT.'),
    sharedNamespaces: z
      .array(z.string().min(1))
      .default(['kube-system'])
      .describe('Namespaces whose cost is shared among the others (see cost.shareSplit).'),
    shareSplit: z
      .enum(['none', 'weighted', 'even'])
      .default('none')
      .describe(
        'How shared namespaces are spread by default: none keeps them apart, weighted in proportion to cost, even per row.',
      ),
    shareIdle: z
      .boolean()
      .default(false)
      .describe(
        'Spread idle node cost over the rows in proportion to their cost, instead of one __idle__ row.',
      ),
    serviceLabel: z
      .string()
      .min(1)
      .default('app.kubernetes.io/name')
      .describe(
        'Pod label naming the service, when no catalog service claims the pod by backstage.io/kubernetes-id.',
      ),
    rightsizingAction: z
      .string()
      .min(1)
      .default('set-requests')
      .describe(
        'Action a right-sizing recommendation opens, prefilled (inputs environment, container, cpuMillicores, memoryMiB, cpuLimitMillicores, memoryLimitMiB).',
      ),
  })
  .strict();

export const CapacityConfigSchema = z
  .object({
    alertWithinDays: z
      .number()
      .positive()
      .default(7)
      .describe('A warning alert fires when a resource is forecast to run out within this many days.'),
    evaluationIntervalSeconds: z
      .number()
      .int()
      .min(60)
      .default(3600)
      .describe('How often capacity forecasts are evaluated for alerts.'),
    historyDays: z
      .number()
      .int()
      .min(1)
      .max(35)
      .default(8)
      .describe('Days of history a capacity forecast is fitted on.'),
  })
  .strict();

export const TemplatesConfigSchema = z
  .object({
    paths: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Directories holding Backstage scaffolder templates (template.yaml), searched four levels deep.',
      ),
    gitRemotes: z
      .record(z.string().min(1), z.string().min(1))
      .default({})
      .describe(
        'RepoUrlPicker host → where publish:git pushes its repositories (a local directory or an https base URL).',
      ),
    gitTimeoutSeconds: z
      .number()
      .int()
      .positive()
      .default(120)
      .describe('Longest one git command of a task may take.'),
    github: z
      .object({
        token: z
          .string()
          .min(1)
          .optional()
          .describe('Token publish:github creates repositories and pushes with.'),
        apiUrls: z
          .record(z.string().min(1), z.url())
          .default({})
          .describe(
            'GitHub host → REST API base URL (GitHub Enterprise); github.com uses https://api.github.com.',
          ),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** The kinds a `gitops.sources` entry may hold; each replaces that kind's own directory key. */
export const GITOPS_KINDS = ['runbooks', 'actions', 'templates', 'policies'] as const;

const GitopsKindSchema = z
  .enum(GITOPS_KINDS)
  .describe('Which settings the source holds: runbooks, actions, templates or policies.');

export const GitopsSourceSchema = z.discriminatedUnion('type', [
  z
    .object({
      kind: GitopsKindSchema,
      type: z.literal('dir'),
      path: z.string().min(1).describe('A directory (relative to the cairn.yaml that names it).'),
    })
    .strict(),
  z
    .object({
      kind: GitopsKindSchema,
      type: z.literal('git'),
      url: z.string().min(1).describe('Anything `git fetch` accepts: an https/ssh URL or a local path.'),
      ref: z.string().min(1).optional().describe('Branch or tag followed; the default branch when absent.'),
      path: z.string().min(1).optional().describe('Subdirectory of the repository holding the files.'),
    })
    .strict(),
]);

export const GitopsConfigSchema = z
  .object({
    sources: z
      .array(GitopsSourceSchema)
      .default([])
      .describe(
        'Directories and git branches or tags that runbooks, actions, policies and templates load from, validated before they apply.',
      ),
    pollIntervalSeconds: z
      .number()
      .int()
      .min(0)
      .default(60)
      .describe(
        'Seconds between fetches of each git source; 0 fetches only at start, on a push webhook and on POST /api/v1/config/sources/sync.',
      ),
    dirIntervalSeconds: z
      .number()
      .int()
      .min(0)
      .default(5)
      .describe('Seconds between re-reads of directory sources; 0 reads them only at start and on sync.'),
    gitTimeoutSeconds: z
      .number()
      .int()
      .positive()
      .default(60)
      .describe('Longest a git fetch of a source may take.'),
  })
  .strict();

export const CairnConfigSchema = z
  .object({
    dataDir: z
      .string()
      .min(1)
      .default('./.cairn')
      .describe('Directory holding the embedded stores, lock and secrets.'),
    server: ServerConfigSchema.prefault({}),
    state: StateConfigSchema.prefault({}),
    telemetry: TelemetryConfigSchema.prefault({}),
    auth: AuthConfigSchema.prefault({}),
    log: LogConfigSchema.prefault({}),
    catalog: CatalogConfigSchema.prefault({}).describe('Service catalog sources.'),
    integrations: IntegrationsConfigSchema.prefault({}).describe('Change sources that push to Cairn.'),
    alerts: AlertsConfigSchema.prefault({}).describe('Alert intake, grouping and noise suppression.'),
    notify: NotifyConfigSchema.prefault({}).describe('Where pages and resolutions are posted.'),
    slo: SloConfigSchema.prefault({}).describe('Service level objectives and their burn-rate alerts.'),
    ingest: IngestConfigSchema.prefault({}).describe('OTLP and Prometheus remote-write intake limits.'),
    context: ContextConfigSchema.prefault({}).describe('The incident context engine: suspects, impact, fix.'),
    policy: PolicyConfigSchema.prefault({}).describe('CEL policies: admission webhook, checks, scorecards.'),
    runbooks: RunbooksConfigSchema.prefault({}).describe(
      'Runbooks with decision trees, matched to incidents.',
    ),
    dora: DoraConfigSchema.prefault({}).describe('DORA metrics: what counts as a deployment.'),
    feedback: FeedbackConfigSchema.prefault({}).describe('Developer feedback: thumbs and the survey.'),
    support: SupportConfigSchema.prefault({}).describe('Support requests from chat (`/platform-help`).'),
    actions: ActionsConfigSchema.prefault({}).describe('Self-service actions and their runs.'),
    cost: CostConfigSchema.prefault({}).describe('Cost allocation prices and sharing, and right-sizing.'),
    capacity: CapacityConfigSchema.prefault({}).describe('Capacity forecasts and their run-out alerts.'),
    templates: TemplatesConfigSchema.prefault({}).describe('Golden paths: Backstage scaffolder templates.'),
    gitops: GitopsConfigSchema.prefault({}).describe(
      'Settings loaded from directories and git sources, validated before they apply.',
    ),
  })
  .strict();

export type CairnConfig = z.infer<typeof CairnConfigSchema>;
export type CairnConfigInput = z.input<typeof CairnConfigSchema>;
