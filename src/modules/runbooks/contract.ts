import { z } from 'zod';

/** The queries a check can ask; `docs/runbooks.md` explains each. */
export const CHECK_QUERIES = [
  'deploy-before-onset',
  'error-rate',
  'log-pattern',
  'cpu-of-limit',
  'disk-fills',
] as const;
export type CheckQuery = (typeof CHECK_QUERIES)[number];

/** A check as written in a runbook's `cairn-check` block. */
export const CheckSchema = z
  .object({
    query: z.enum(CHECK_QUERIES),
    /** deploy-before-onset: how far before onset a deploy counts. */
    withinMinutes: z.number().int().positive().max(1440).default(30),
    /** error-rate, cpu-of-limit: the threshold, in percent. */
    abovePercent: z.number().min(0).max(1000).optional(),
    /** error-rate, cpu-of-limit, log-pattern: whose data; default the incident's services (and callees for cpu). */
    service: z.string().min(1).optional(),
    /** log-pattern: words that must appear in a log line of the incident's services after onset. */
    pattern: z.string().min(1).optional(),
    /** disk-fills: the horizon, in hours. */
    withinHours: z
      .number()
      .positive()
      .max(24 * 30)
      .default(24),
  })
  .strict();
export type Check = z.infer<typeof CheckSchema>;

/** An action step as written in a runbook's `cairn-action` block: the action id and input templates. */
export const ActionRefSchema = z
  .object({
    action: z.string().min(1),
    inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .strict();

export const AppliesToSchema = z
  .object({
    alerts: z.array(z.string().min(1)).default([]),
    labels: z.record(z.string(), z.string()).default({}),
    services: z.array(z.string().min(1)).default([]),
    tags: z.array(z.string().min(1)).default([]),
    slo: z.boolean().default(false).describe('Matches the SLO burn-rate alerts Cairn raises'),
  })
  .strict();

export const FrontMatterSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    title: z.string().min(1),
    owner: z.string().min(1),
    'applies-to': AppliesToSchema.prefault({}),
  })
  .strict();

export const BranchSchema = z.object({
  when: z.enum(['yes', 'no', 'next']),
  to: z.string(),
  line: z.number().int(),
});

export const StepSchema = z.object({
  id: z.string().describe('The heading slug, as GitHub makes its anchor'),
  title: z.string(),
  line: z.number().int().describe('Line of the heading in the file'),
  text: z.string().describe('Instructions: the Markdown of the step without its Cairn blocks'),
  check: CheckSchema.extend({ line: z.number().int() }).nullable(),
  action: ActionRefSchema.extend({ line: z.number().int() }).nullable(),
  commands: z.array(z.string()),
  links: z.array(z.object({ title: z.string(), url: z.string() })),
  escalateTo: z.string().nullable(),
  branches: z.array(BranchSchema),
});
export type Step = z.infer<typeof StepSchema>;

export const RunbookSchema = z.object({
  id: z.string(),
  title: z.string(),
  owner: z.string(),
  appliesTo: AppliesToSchema,
  file: z.string(),
  steps: z.array(StepSchema),
});
export type Runbook = z.infer<typeof RunbookSchema>;

export const RunbookSummarySchema = RunbookSchema.pick({
  id: true,
  title: true,
  owner: true,
  appliesTo: true,
  file: true,
});
export const RunbookListSchema = z.object({ items: z.array(RunbookSummarySchema) });

/** One problem `cairn runbook validate` reports. */
export interface RunbookProblem {
  file: string;
  line: number;
  message: string;
}

export const ANSWERS = ['yes', 'no', 'unknown'] as const;

/** One check on the walked path: its answer and the value it rests on. */
export const WalkedCheckSchema = z.object({
  stepId: z.string(),
  title: z.string(),
  query: z.enum(CHECK_QUERIES),
  answer: z.enum(ANSWERS),
  evidence: z.string().describe('The value the answer rests on, in one sentence'),
  value: z.number().nullable().describe('The measured number (percent, minutes, hours), when there is one'),
});
export type WalkedCheck = z.infer<typeof WalkedCheckSchema>;

export const StepMarkSchema = z.object({
  stepId: z.string(),
  status: z.enum(['done', 'skipped', 'noted', 'did-not-help']),
  note: z.string().nullable(),
  by: z.string(),
  at: z.iso.datetime(),
});
export type StepMark = z.infer<typeof StepMarkSchema>;

export const RunbookMatchSchema = z.object({
  runbook: RunbookSchema,
  matchedBy: z.array(z.string()).describe('Why it applies: "alert FrontendErrors", "service payment"…'),
  path: z.array(WalkedCheckSchema),
  recommendedStepId: z.string().nullable(),
  recommendedAction: z
    .object({ action: z.string(), inputs: z.record(z.string(), z.string()), url: z.string() })
    .nullable()
    .describe('The recommended step action with inputs filled from the incident; url opens its run form'),
  marks: z.array(StepMarkSchema),
});
export type RunbookMatch = z.infer<typeof RunbookMatchSchema>;

export const IncidentRunbooksSchema = z.object({
  items: z.array(RunbookMatchSchema),
  links: z
    .array(z.object({ rule: z.string(), url: z.string() }))
    .describe('Prometheus runbook_url annotations of alerts no Cairn runbook covers'),
});
export type IncidentRunbooks = z.infer<typeof IncidentRunbooksSchema>;

export const RunbookIdParamsSchema = z.object({ id: z.string().min(1).max(200) });
export const StepParamsSchema = z.object({
  id: z.string().min(1).max(64),
  rid: z.string().min(1).max(200),
  sid: z.string().min(1).max(200),
});
export const StepMarkBodySchema = z
  .object({
    status: z.enum(['done', 'skipped', 'noted', 'did-not-help']),
    note: z.string().max(4000).optional(),
  })
  .strict();

export const RunbookInsightsSchema = z.object({
  runbooks: z.array(
    z.object({
      id: z.string(),
      incidents: z.number().int(),
      steps: z.array(
        z.object({
          stepId: z.string(),
          reached: z.number().int(),
          done: z.number().int(),
          skipped: z.number().int(),
          didNotHelp: z.number().int(),
          comments: z.array(z.string()),
        }),
      ),
      fastestPath: z
        .object({ steps: z.array(z.string()), medianMinutesToResolve: z.number() })
        .nullable()
        .describe('The walked path whose incidents resolved fastest (median)'),
    }),
  ),
  unmatched: z.array(z.object({ rule: z.string(), incidents: z.number().int() })),
});
