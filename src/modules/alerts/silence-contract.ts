import { z } from 'zod';

export const MatcherSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(200)
    .describe('Label name; `service` and `severity` are the normalised values.'),
  value: z.string().max(1000),
  isRegex: z.boolean().default(false).describe('`value` is a regular expression matching the whole label.'),
  isEqual: z.boolean().default(true).describe('false negates the matcher.'),
});
export type Matcher = z.infer<typeof MatcherSchema>;

export const SILENCE_KINDS = ['silence', 'maintenance'] as const;

export const CreateSilenceSchema = z
  .object({
    kind: z.enum(SILENCE_KINDS).default('silence'),
    matchers: z.array(MatcherSchema).min(1, 'needs at least one matcher').max(50),
    startsAt: z.iso.datetime({ offset: true }).optional().describe('Default: now.'),
    endsAt: z.iso.datetime({ offset: true }),
    comment: z.string().max(2000).default(''),
  })
  .superRefine((value, ctx) => {
    value.matchers.forEach((matcher, index) => {
      if (!matcher.isRegex) return;
      try {
        new RegExp(matcher.value);
      } catch {
        ctx.addIssue({
          code: 'custom',
          path: ['matchers', index, 'value'],
          message: `is not a valid regular expression: ${matcher.value}`,
        });
      }
    });
  });
export type CreateSilence = z.infer<typeof CreateSilenceSchema>;

export const SilenceSchema = z.object({
  id: z.string(),
  kind: z.enum(SILENCE_KINDS),
  matchers: z.array(MatcherSchema),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  comment: z.string(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  active: z.boolean(),
});
export type Silence = z.infer<typeof SilenceSchema>;

export const SilenceListQuerySchema = z.object({
  active: z.enum(['true', 'false']).optional().describe('true: only silences in effect now.'),
});
export const SilenceListSchema = z.object({ items: z.array(SilenceSchema) });
export const SilenceIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

/** Whether every matcher holds for `labels` (Alertmanager semantics: a missing label is ""). */
export function matchesAll(matchers: readonly Matcher[], labels: Record<string, string>): boolean {
  return matchers.every((matcher) => {
    const value = labels[matcher.name] ?? '';
    const hit = matcher.isRegex ? new RegExp(`^(?:${matcher.value})$`).test(value) : value === matcher.value;
    return hit === matcher.isEqual;
  });
}

/**
 * The services a silence reaches: the values of its plain `service=` matchers, or 'all' when it has
 * none (or only regex or negated ones), since it may then silence any team's alerts.
 */
export function silencedServices(matchers: readonly Matcher[]): string[] | 'all' {
  const services = matchers
    .filter((matcher) => matcher.name === 'service' && matcher.isEqual && !matcher.isRegex)
    .map((matcher) => matcher.value);
  return services.length > 0 ? [...new Set(services)] : 'all';
}
