import { z } from 'zod';

/** One ranked root-cause candidate, with sentences a human can check against the telemetry. */
export const RootCauseServiceSchema = z.object({
  service: z.string().describe('The service name as stored in telemetry (service.name)'),
  score: z.number().min(0).max(1).describe('Confidence in [0, 1]; only the order is meant to be compared'),
  reasons: z.array(z.string()).describe('Why this service ranks here, one checkable sentence each'),
});
export type RootCauseService = z.infer<typeof RootCauseServiceSchema>;

/** A half-open time window. */
export const WindowSchema = z.object({
  from: z.iso.datetime().describe('RFC 3339, inclusive'),
  to: z.iso.datetime().describe('RFC 3339, exclusive'),
});

/** Stretches of the baseline left out because an earlier incident was open then. */
export const BaselineExcludedSchema = z
  .array(WindowSchema)
  // None for contexts stored before the field existed, so they still parse.
  .default([])
  .describe('Stretches of the baseline left out because an earlier incident was open then');

/** A log template whose count changed across onset. */
export const ErrorTemplateSchema = z.object({
  service: z.string(),
  template: z.string().describe('The message with ids, numbers, quoted values and paths masked'),
  before: z.number().int().describe('Count in the baseline window'),
  after: z.number().int().describe('Count in the window after onset'),
  example: z.string().describe('One original message of this template'),
});
export type ErrorTemplate = z.infer<typeof ErrorTemplateSchema>;

/** What the ranking looked at, so a human can check it. */
export const RootCauseEvidenceSchema = z.object({
  summary: z.string().describe('One plain sentence on what the telemetry shows'),
  windows: z.object({
    baseline: WindowSchema,
    baselineExcluded: BaselineExcludedSchema,
    after: WindowSchema,
  }),
  exemplarTraceIds: z.array(z.string()).describe('Traces whose errors originate in the top-ranked service'),
  topErrorTemplates: z.array(ErrorTemplateSchema).describe('Error log templates that rose most after onset'),
});
export type RootCauseEvidence = z.infer<typeof RootCauseEvidenceSchema>;

/** The root-cause part of an incident context. */
export const RootCauseAnalysisSchema = z.object({
  rootCauseServices: z.array(RootCauseServiceSchema),
  evidence: RootCauseEvidenceSchema,
});
export type RootCauseAnalysis = z.infer<typeof RootCauseAnalysisSchema>;
