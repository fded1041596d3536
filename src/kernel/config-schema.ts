import { z } from 'zod';

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

export const AuthConfigSchema = z
  .object({
    adminToken: z
      .string()
      .min(16, 'must be at least 16 characters')
      .optional()
      .describe(
        'Bootstrap admin token; unset means one is generated on first start and stored in the data dir.',
      ),
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
  })
  .strict();

export type CairnConfig = z.infer<typeof CairnConfigSchema>;
export type CairnConfigInput = z.input<typeof CairnConfigSchema>;
