import { z } from 'zod';

/** The setting kinds that load from config sources (directories or git repositories). */
export const CONFIG_KINDS = ['runbooks', 'actions', 'templates', 'policies'] as const;
export type ConfigKind = (typeof CONFIG_KINDS)[number];

/**
 * Every kind `cairn config diff` compares, in the order it prints them: the catalog (synced by
 * the catalog itself) and the kinds of the config reconciler. SLOs are catalog annotations.
 */
export const OBJECT_KINDS = ['catalog', 'actions', 'runbooks', 'templates', 'policies'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

export const ConfigProblemSchema = z.object({
  file: z.string().describe('Path of the file, relative to the source root'),
  line: z.number().int(),
  message: z.string(),
});
export type ConfigProblem = z.infer<typeof ConfigProblemSchema>;

/** Where an object managed in git (or a directory) comes from; the portal shows it read-only. */
export const ManagedBySchema = z.object({
  source: z.string().describe('The source label: `git:<url>#<ref>:<path>` or `dir:<path>`'),
  path: z.string().describe('The file, relative to the repository (or directory) root'),
  line: z.number().int().nullable(),
  url: z
    .string()
    .nullable()
    .describe('The file at the applied commit on its forge (GitHub, GitLab, Gitea…), when the URL has one'),
});
export type ManagedBy = z.infer<typeof ManagedBySchema>;

/**
 * The kinds `GET /api/v1/config/objects/{kind}/{name}` answers for: every object kind, and a
 * catalog entity by its own kind (`component/payment` is `catalog/component:payment`).
 */
export const ENTITY_OBJECT_KINDS = [
  'component',
  'system',
  'domain',
  'api',
  'resource',
  'group',
  'user',
] as const;
export const MANAGED_KINDS = [...OBJECT_KINDS, ...ENTITY_OBJECT_KINDS] as const;
export type ManagedKind = (typeof MANAGED_KINDS)[number];

/** One named object of a kind as a source declares it: a digest per field, for a diff. */
export const DescribedObjectSchema = z.object({
  name: z
    .string()
    .describe(
      'Runbook or action id, template or policy name (`binding:…`, `exception:…`, `scorecard:…`), catalog `kind:name`',
    ),
  fields: z
    .record(z.string(), z.string())
    .describe(
      'A digest of each top-level field (its file and line left out); equal files give equal digests',
    ),
  file: z.string().nullable().describe('The file as the loader names it'),
  line: z.number().int().nullable(),
});
export type DescribedObject = z.infer<typeof DescribedObjectSchema>;

export const ConfigObjectSchema = DescribedObjectSchema.omit({ file: true, line: true }).extend({
  kind: z.enum(OBJECT_KINDS),
  managedBy: ManagedBySchema.nullable().describe('Where it is defined (null: the file is not known)'),
});
export type ConfigObject = z.infer<typeof ConfigObjectSchema>;

export const ConfigObjectListSchema = z.object({
  items: z.array(ConfigObjectSchema).describe('By kind (in `OBJECT_KINDS` order), then by name'),
});

export const ConfigSourceStatusSchema = z.object({
  id: z.string(),
  kind: z.enum(CONFIG_KINDS),
  label: z.string(),
  type: z.enum(['dir', 'git']),
  state: z
    .enum(['pending', 'applied', 'invalid', 'unreachable'])
    .describe(
      'applied: the latest revision is running; invalid: it has problems and the last good one keeps running; unreachable: it could not be read',
    ),
  revision: z.string().nullable().describe('The commit last read (git sources)'),
  appliedRevision: z.string().nullable().describe('The commit of the configuration running now'),
  appliedAt: z.iso.datetime().nullable(),
  checkedAt: z.iso.datetime().nullable(),
  objects: z.number().int().describe('Objects of the running configuration from this source'),
  problems: z.array(ConfigProblemSchema).describe('Why the latest revision was refused, file:line'),
  error: z.string().nullable().describe('Why the source could not be read'),
});
export type ConfigSourceStatus = z.infer<typeof ConfigSourceStatusSchema>;

export const ConfigSourceListSchema = z.object({ items: z.array(ConfigSourceStatusSchema) });
