import { z } from 'zod';

/** partialSuccess of an OTLP/JSON export response; counts are int64, so decimal strings. */
function partialSuccess(countField: string) {
  return z
    .object({
      [countField]: z.string().describe('Records refused; the rest of the request was stored.'),
      errorMessage: z.string().describe('Why records were refused or attributes dropped.'),
    })
    .describe('Present only when some records were refused or attributes dropped.');
}

/** ExportTraceServiceResponse (OTLP/JSON form; protobuf requests get the protobuf message). */
export const ExportTraceResponseSchema = z.object({
  partialSuccess: partialSuccess('rejectedSpans').optional(),
});
/** ExportLogsServiceResponse. */
export const ExportLogsResponseSchema = z.object({
  partialSuccess: partialSuccess('rejectedLogRecords').optional(),
});
/** ExportMetricsServiceResponse. */
export const ExportMetricsResponseSchema = z.object({
  partialSuccess: partialSuccess('rejectedDataPoints').optional(),
});

export type ExportTraceResponse = z.infer<typeof ExportTraceResponseSchema>;
