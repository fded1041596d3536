import { z } from 'zod';

const JsonObject = z.record(z.string(), z.unknown());

export const TemplateNameParamsSchema = z.object({ name: z.string().min(1).max(200) }).strict();
export const TaskIdParamsSchema = z.object({ id: z.string().min(1).max(40) }).strict();

export const TemplateSummarySchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  owner: z.string().nullable(),
  type: z.string().nullable(),
  parameters: z.array(JsonObject).describe('The parameter pages, JSON Schema as written in template.yaml'),
  steps: z.array(z.object({ id: z.string(), name: z.string(), action: z.string() })),
  pickers: z.array(z.string()).describe('The ui:field pickers the parameters use'),
});
export type TemplateSummary = z.infer<typeof TemplateSummarySchema>;
export const TemplateListSchema = z.object({ items: z.array(TemplateSummarySchema) });

export const TaskValuesSchema = z
  .object({
    values: JsonObject.default({}).describe('Parameter values, by property name across every page'),
  })
  .strict();

export const TASK_STATUS_VALUES = ['open', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const STEP_STATUS_VALUES = ['pending', 'running', 'done', 'failed'] as const;

export const TaskSchema = z.object({
  id: z.string(),
  template: z.string(),
  status: z.enum(TASK_STATUS_VALUES),
  parameters: JsonObject,
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  steps: z.array(
    z.object({ id: z.string(), name: z.string(), action: z.string(), status: z.enum(STEP_STATUS_VALUES) }),
  ),
  failedStep: z.string().nullable(),
  error: z.string().nullable(),
  output: JsonObject.nullable().describe("The template's rendered spec.output (links, text)"),
  service: z.string().nullable().describe('The catalog service the task registered'),
  team: z.string().nullable().describe("That service's owner"),
  attempts: z.number().int(),
  actionRuns: z
    .array(
      z.object({
        stepId: z.string(),
        runId: z.string().describe('The run, at /api/v1/runs/{runId} (in the portal /runs/{runId})'),
        actionId: z.string(),
        state: z.string().describe('As last seen: queued, waiting_for_approval, running, succeeded, failed…'),
        message: z.string().nullable(),
      }),
    )
    .describe('Cairn action runs the cairn:action steps started, oldest first'),
});
export type Task = z.infer<typeof TaskSchema>;
export const TaskListSchema = z.object({ items: z.array(TaskSchema) });
export const TaskListQuerySchema = z
  .object({
    template: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

export const TaskEventSchema = z.object({
  seq: z.number().int(),
  at: z.iso.datetime(),
  stepId: z.string().nullable(),
  level: z.string(),
  message: z.string(),
});
export const TaskEventListSchema = z.object({ items: z.array(TaskEventSchema), task: TaskSchema });
export const TaskEventsQuerySchema = z
  .object({ after: z.coerce.number().int().min(0).default(0).describe('Only events after this seq') })
  .strict();

export const RenderedFileSchema = z.object({
  path: z.string(),
  content: z.string().nullable().describe('UTF-8 contents; null for a binary file'),
  base64Content: z.string().nullable().describe('Base64 contents of a binary file'),
  executable: z.boolean(),
  sizeBytes: z.number().int(),
});
export const DryRunResultSchema = z.object({
  status: z.enum(['succeeded', 'failed']),
  error: z.string().nullable(),
  failedStep: z.string().nullable(),
  files: z.array(RenderedFileSchema),
  log: z.array(z.object({ stepId: z.string().nullable(), level: z.string(), message: z.string() })),
  output: JsonObject,
});
export type DryRunResponse = z.infer<typeof DryRunResultSchema>;

const OnboardingGroupSchema = z.object({
  key: z.string(),
  services: z.number().int(),
  deployed: z.number().int().describe('Services with a successful production deploy'),
  medianOnboardingMs: z.number().nullable(),
});
export const OnboardingReportSchema = z.object({
  overall: OnboardingGroupSchema.omit({ key: true }),
  byTemplate: z.array(OnboardingGroupSchema),
  byTeam: z.array(OnboardingGroupSchema),
  services: z.array(
    z.object({
      service: z.string(),
      template: z.string(),
      team: z.string().nullable(),
      taskId: z.string(),
      taskStartedAt: z.iso.datetime(),
      firstProductionDeployAt: z.iso.datetime().nullable(),
      onboardingMs: z.number().nullable().describe('Task start → first successful production deploy'),
    }),
  ),
});
