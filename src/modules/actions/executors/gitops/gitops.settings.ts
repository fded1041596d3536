/** `executor.settings` of a `gitops` action: which repository, file and value, and how to land it. */
import { z } from 'zod';

const OWNER_REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export const GitOpsSettingsSchema = z
  .object({
    repository: z
      .string({
        error: 'repository: the deployment repository (an https:// or ssh URL, or a local path) is required',
      })
      .min(1, 'repository: the deployment repository (an https:// or ssh URL, or a local path) is required'),
    branch: z.string().min(1, 'branch: must not be empty').default('main'),
    operation: z
      .enum(['set-value', 'revert'], { error: 'operation: must be "set-value" or "revert"' })
      .default('set-value'),
    file: z.string().min(1, 'file: must not be empty').optional(),
    yamlPath: z.string().min(1, 'yamlPath: must not be empty').optional(),
    value: z
      .union([z.string(), z.number(), z.boolean()], { error: 'value: must be a string, number or boolean' })
      .optional(),
    valueType: z
      .enum(['auto', 'string', 'number', 'boolean'], {
        error: 'valueType: must be auto, string, number or boolean',
      })
      .default('auto'),
    createMissing: z.boolean({ error: 'createMissing: must be true or false' }).default(false),
    commit: z
      .string()
      .regex(/^[0-9a-fA-F]{4,40}$/, 'commit: must be a commit id (4–40 hex digits)')
      .optional(),
    commitMessage: z.string().min(1, 'commitMessage: must not be empty').optional(),
    mode: z
      .enum(['push', 'pull-request'], { error: 'mode: must be "push" or "pull-request"' })
      .default('push'),
    tokenEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'tokenEnv: must be the name of an environment variable')
      .optional(),
    webUrl: z.url({ error: 'webUrl: must be a URL (the repository page, for commit links)' }).optional(),
    committer: z
      .object({
        name: z.string().min(1, 'committer.name: must not be empty').default('Cairn'),
        email: z.string().min(1, 'committer.email: must not be empty').default('cairn@localhost'),
      })
      .default({ name: 'Cairn', email: 'cairn@localhost' }),
    pullRequest: z
      .object({
        apiUrl: z.url({ error: 'pullRequest.apiUrl: must be a URL' }).default('https://api.github.com'),
        repository: z.string().regex(OWNER_REPO, 'pullRequest.repository: must be "owner/name"').optional(),
        tokenEnv: z
          .string()
          .regex(
            /^[A-Za-z_][A-Za-z0-9_]*$/,
            'pullRequest.tokenEnv: must be the name of an environment variable',
          )
          .default('GITHUB_TOKEN'),
        branchPrefix: z.string().default('cairn/'),
        title: z.string().min(1, 'pullRequest.title: must not be empty').optional(),
        draft: z.boolean().default(false),
      })
      .default({
        apiUrl: 'https://api.github.com',
        tokenEnv: 'GITHUB_TOKEN',
        branchPrefix: 'cairn/',
        draft: false,
      }),
    gitTimeoutMs: z
      .number()
      .int()
      .positive('gitTimeoutMs: must be a positive number of milliseconds')
      .default(120_000),
    pushAttempts: z.number().int().min(1, 'pushAttempts: must be at least 1').max(10).default(3),
  })
  .superRefine((settings, context) => {
    if (settings.operation === 'set-value') {
      for (const key of ['file', 'yamlPath', 'value'] as const) {
        if (settings[key] === undefined) {
          context.addIssue({
            code: 'custom',
            path: [key],
            message: `${key}: required when operation is set-value`,
          });
        }
      }
    } else if (settings.commit === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['commit'],
        message: 'commit: required when operation is revert',
      });
    }
    if (
      settings.mode === 'pull-request' &&
      settings.pullRequest.repository === undefined &&
      githubRepositoryOf(settings.repository) === undefined
    ) {
      context.addIssue({
        code: 'custom',
        path: ['pullRequest', 'repository'],
        message: 'pullRequest.repository: required ("owner/name") when repository is not a github.com URL',
      });
    }
  });

export type GitOpsSettings = z.infer<typeof GitOpsSettingsSchema>;

/** `owner/name` of a github.com remote (https or ssh), for pull requests and links. */
export function githubRepositoryOf(url: string): string | undefined {
  const match =
    /^(?:https:\/\/(?:[^@/]+@)?github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(
      url,
    );
  return match?.[1];
}

/** The repository's web page, for commit links: `webUrl`, or derived from an https/ssh remote. */
export function webUrlOf(settings: Pick<GitOpsSettings, 'repository' | 'webUrl'>): string | undefined {
  if (settings.webUrl) return settings.webUrl.replace(/\/+$/, '');
  const github = githubRepositoryOf(settings.repository);
  if (github) return `https://github.com/${github}`;
  const https = /^https:\/\/(?:[^@/]+@)?([^/]+\/.+?)(?:\.git)?\/?$/.exec(settings.repository);
  return https ? `https://${https[1]}` : undefined;
}
