import { z } from 'zod';

/**
 * The Backstage descriptor format (`catalog-info.yaml`), as Cairn reads it. Only what Cairn uses is
 * checked strictly; everything else in `spec` is kept as is so files written for Backstage load
 * unchanged.
 */
export const ENTITY_KINDS = ['Component', 'System', 'Domain', 'API', 'Resource', 'Group', 'User'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Backstage kinds Cairn has no use for: skipped without a problem. */
export const SKIPPED_KINDS = ['Location', 'Template'] as const;

/** Cairn's own annotations and the well-known ones it reads. */
export const ANNOTATIONS = {
  telemetryServiceName: 'cairn.dev/telemetry-service-name',
  tier: 'cairn.dev/tier',
  sloAvailability: 'cairn.dev/slo-availability',
  sloLatencyP99Ms: 'cairn.dev/slo-latency-p99-ms',
  runbook: 'cairn.dev/runbook',
  githubSlug: 'github.com/project-slug',
  argocdApp: 'argocd/app-name',
  jenkinsJob: 'jenkins.io/job-full-name',
  kubernetesId: 'backstage.io/kubernetes-id',
} as const;

const name = z
  .string()
  .regex(
    /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/,
    'must be 1-63 letters, digits, "-", "_" or "." and start and end with a letter or digit',
  );
const ref = z.string().min(1, 'must not be empty');
const text = z.string().min(1, 'must not be empty');

const annotationValues = z.record(z.string(), z.string('annotation values must be strings (quote them)'));

export const MetadataSchema = z.looseObject({
  name,
  namespace: name.optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: annotationValues.optional(),
  tags: z.array(z.string()).optional(),
  links: z
    .array(
      z.looseObject({ url: z.string().min(1), title: z.string().optional(), icon: z.string().optional() }),
    )
    .optional(),
});

const relations = { dependsOn: z.array(ref).optional(), dependencyOf: z.array(ref).optional() };

/** The `spec` each kind must have (Backstage's required fields, plus what Cairn reads). */
export const SPEC_SCHEMAS: Record<EntityKind, z.ZodType<Record<string, unknown>>> = {
  Component: z.looseObject({
    type: text,
    lifecycle: text,
    owner: ref,
    system: ref.optional(),
    subcomponentOf: ref.optional(),
    providesApis: z.array(ref).optional(),
    consumesApis: z.array(ref).optional(),
    ...relations,
  }),
  System: z.looseObject({ owner: ref, domain: ref.optional() }),
  Domain: z.looseObject({ owner: ref }),
  API: z.looseObject({
    type: text,
    lifecycle: text,
    owner: ref,
    system: ref.optional(),
    definition: z.unknown(),
  }),
  Resource: z.looseObject({ type: text, owner: ref, system: ref.optional(), ...relations }),
  Group: z.looseObject({
    type: text,
    profile: z.looseObject({ displayName: z.string().optional(), email: z.string().optional() }).optional(),
    parent: ref.optional(),
    children: z.array(ref),
    members: z.array(ref).optional(),
  }),
  User: z.looseObject({
    profile: z.looseObject({ displayName: z.string().optional(), email: z.string().optional() }).optional(),
    memberOf: z.array(ref).optional(),
  }),
};

/** Checks on the values of Cairn's own annotations; each returns a problem or null. */
export const ANNOTATION_CHECKS: Record<string, (value: string) => string | null> = {
  [ANNOTATIONS.sloAvailability]: (value) => {
    const number = Number(value);
    return Number.isFinite(number) && number > 0 && number < 100
      ? null
      : `must be a percentage between 0 and 100 such as "99.9", got "${value}"`;
  },
  [ANNOTATIONS.sloLatencyP99Ms]: (value) =>
    /^\d+$/.test(value) && Number(value) > 0
      ? null
      : `must be a whole number of milliseconds, got "${value}"`,
  [ANNOTATIONS.githubSlug]: (value) =>
    /^[\w.-]+\/[\w.-]+$/.test(value) ? null : `must be "owner/repository", got "${value}"`,
  [ANNOTATIONS.tier]: (value) => (value.trim() ? null : 'must not be empty'),
};
