/**
 * The actions module's shapes: the YAML an action definition is written in, and the API's
 * requests and answers (shared with the web UI). See docs/actions.md.
 */
import { z } from 'zod';
import { ROLES } from '../../kernel/roles.ts';

export const OPERATIONS = ['create', 'day-2', 'delete'] as const;
/** Change kinds a succeeded run may record (source `cairn-action`). */
export const RECORDED_CHANGE_KINDS = ['deploy', 'rollback', 'scale', 'config'] as const;
/** The pickers Cairn fills for an input (`x-cairn-picker` on a property of `inputs`). */
export const PICKERS = ['service', 'environment', 'version'] as const;
export type Picker = (typeof PICKERS)[number];

const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes (at most 63)');
const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (UTC), 00:00 to 24:00');

/** A change freeze: a fixed period, or a weekly one (UTC). */
export const FreezeWindowSchema = z.union([
  z
    .object({
      reason: z.string().min(1),
      start: z.iso.datetime({ offset: true }),
      end: z.iso.datetime({ offset: true }),
      environments: z.array(z.string().min(1)).optional(),
    })
    .strict(),
  z
    .object({
      reason: z.string().min(1),
      days: z.array(Weekday).min(1),
      startTime: ClockTime.default('00:00'),
      endTime: ClockTime.default('24:00'),
      environments: z.array(z.string().min(1)).optional(),
    })
    .strict(),
]);
export type FreezeWindow = z.infer<typeof FreezeWindowSchema>;

/** Who approves: the service's owning team, the platform (roles allowed the `approve` verb), teams, people. */
const Approver = z.union([
  z.literal('owner-team'),
  z.literal('platform'),
  z.string().regex(/^(team|user):.+$/, 'must be owner-team, platform, team:<name> or user:<name>'),
]);

export const GuardrailsSchema = z
  .object({
    allowed: z
      .object({
        roles: z.array(z.enum(ROLES)).default(['platform', 'admin']),
        ownerTeam: z.boolean().default(true),
        teams: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
    approval: z
      .object({
        required: z.enum(['always', 'never', 'when']).default('never'),
        when: z.string().min(1).optional(),
        approvers: z.array(Approver).min(1).default(['platform']),
        selfApproval: z.boolean().default(false),
      })
      .strict()
      .refine((a) => (a.required === 'when') === (a.when !== undefined), {
        message: 'give a CEL condition exactly when required is "when"',
        path: ['when'],
      })
      .prefault({}),
    rules: z
      .array(z.object({ expression: z.string().min(1), message: z.string().min(1) }).strict())
      .default([]),
    freeze: z.array(FreezeWindowSchema).default([]),
    timeoutSeconds: z.number().int().min(1).max(86_400).default(900),
    oneRunPerService: z.boolean().default(true),
  })
  .strict()
  .prefault({});
export type Guardrails = z.infer<typeof GuardrailsSchema>;

/** One action definition, as written in YAML. */
export const ActionDefinitionSchema = z
  .object({
    id: Id,
    title: z.string().min(1),
    description: z.string().default(''),
    target: z.enum(['service', 'none']).default('service'),
    operation: z.enum(OPERATIONS),
    records: z
      .enum(RECORDED_CHANGE_KINDS)
      .optional()
      .describe('The change kind a succeeded run records; nothing is recorded when absent'),
    inputs: z
      .object({ type: z.literal('object').default('object'), properties: z.record(z.string(), z.any()) })
      .passthrough()
      .prefault({ properties: {} }),
    executor: z
      .object({ kind: z.string().min(1), settings: z.record(z.string(), z.unknown()).default({}) })
      .strict(),
    guardrails: GuardrailsSchema,
  })
  .strict();
export type ActionDefinition = z.infer<typeof ActionDefinitionSchema> & { file: string; line: number };

// ——— API ———

export const RUN_STATES = [
  'queued',
  'waiting_for_approval',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'declined',
  'timed_out',
] as const;
export type RunState = (typeof RUN_STATES)[number];
export const FINAL_STATES: readonly RunState[] = [
  'succeeded',
  'failed',
  'cancelled',
  'declined',
  'timed_out',
];
export const ACTIVE_STATES: readonly RunState[] = ['queued', 'waiting_for_approval', 'running'];

export const ActionSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  target: z.enum(['service', 'none']),
  operation: z.enum(OPERATIONS),
  executor: z.string().describe('The executor kind, e.g. gitops'),
  approval: z.enum(['always', 'never', 'when']),
  approvalWhen: z.string().nullable(),
  source: z.string().describe('file:line of the definition'),
});

export const ActionDetailSchema = ActionSummarySchema.extend({
  inputs: z.record(z.string(), z.unknown()).describe('JSON Schema of the inputs'),
  pickers: z
    .record(z.string(), z.array(z.string()))
    .describe('Choices Cairn fills, by input name: services, environments, versions this service has run'),
  guardrails: z.object({
    allowedRoles: z.array(z.string()),
    ownerTeam: z.boolean(),
    teams: z.array(z.string()),
    approvers: z.array(z.string()),
    selfApproval: z.boolean(),
    rules: z.array(z.object({ expression: z.string(), message: z.string() })),
    freeze: z.array(z.record(z.string(), z.unknown())),
    timeoutSeconds: z.number(),
    oneRunPerService: z.boolean(),
  }),
  mayRun: z
    .object({ allowed: z.boolean(), reason: z.string().nullable() })
    .nullable()
    .describe('Whether the caller may run it on ?service= (null without a service)'),
});
export type ActionDetail = z.infer<typeof ActionDetailSchema>;

export const ActionListSchema = z.object({
  items: z.array(ActionSummarySchema),
  problems: z.array(z.object({ file: z.string(), line: z.number().nullable(), message: z.string() })),
});
export const ActionParamsSchema = z.object({ id: z.string().min(1).max(200) });
export const ActionDetailQuerySchema = z
  .object({ service: z.string().min(1).max(200).optional().describe('Fill the pickers for this service') })
  .strict();

export const StartRunSchema = z
  .object({
    service: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('The target service; required unless target is none'),
    inputs: z.record(z.string(), z.unknown()).default({}),
    incidentId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("The incident the run is started from: its timeline gets the run's state changes"),
  })
  .strict();
export type StartRun = z.infer<typeof StartRunSchema>;

export const DecisionBodySchema = z.object({ comment: z.string().max(2000).default('') }).strict();

export const RunLinkSchema = z.object({ title: z.string(), url: z.string() });
export const RunLogLineSchema = z.object({ seq: z.number().int(), at: z.string(), line: z.string() });
export type RunLogLine = z.infer<typeof RunLogLineSchema>;

export const RunSchema = z.object({
  id: z.string(),
  actionId: z.string(),
  actionTitle: z.string(),
  service: z.string().nullable(),
  environment: z.string().nullable(),
  inputs: z.record(z.string(), z.unknown()),
  state: z.enum(RUN_STATES),
  requestedBy: z.object({ id: z.string(), name: z.string() }),
  approvalRequired: z.boolean(),
  decision: z
    .object({ by: z.object({ id: z.string(), name: z.string() }), comment: z.string(), at: z.string() })
    .nullable()
    .describe('Who approved or declined, and why'),
  warnings: z.array(z.string()).describe('Warn messages of policies, shown when the run started'),
  links: z.array(RunLinkSchema),
  message: z.string().nullable().describe("How it ended, in the tool's words when it failed"),
  changeId: z.string().nullable().describe('The change recorded by a succeeded run'),
  timeoutSeconds: z.number(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  incidentId: z.string().nullable().describe('The incident the run was started from'),
});
export type Run = z.infer<typeof RunSchema>;
export const RunDetailSchema = RunSchema.extend({ log: z.array(RunLogLineSchema) });
export const RunListSchema = z.object({ items: z.array(RunSchema) });
export const RunParamsSchema = z.object({ id: z.string().min(1).max(64) });
export const RunQuerySchema = z
  .object({
    service: z.string().min(1).max(200).optional(),
    status: z.enum(RUN_STATES).optional(),
    action: z.string().min(1).max(200).optional(),
    incident: z.string().min(1).max(64).optional().describe('Only runs started from this incident'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type RunQuery = z.infer<typeof RunQuerySchema>;

/** What an automation reports back (webhook executor): log lines, and at the end its outcome. */
export const RunReportSchema = z
  .object({
    status: z.enum(['running', 'succeeded', 'failed']).default('running'),
    message: z.string().max(10_000).default(''),
    logs: z.array(z.string().max(10_000)).max(1000).default([]),
    links: z.array(RunLinkSchema).max(20).default([]),
    change: z
      .object({
        version: z.string().max(200).optional(),
        summary: z.string().max(2000),
        revision: z
          .string()
          .max(200)
          .optional()
          .describe(
            "The commit (or other revision) the automation rolled out: the deploy tool's own report of it is then linked to this run's change",
          ),
      })
      .optional(),
  })
  .strict();
export type RunReport = z.infer<typeof RunReportSchema>;
