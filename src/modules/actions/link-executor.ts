/**
 * The link executor: an action that only opens a page (the service's logs in Cairn, a dashboard,
 * the tool's console). Nothing is called and nothing changes; the run ends at once with the link,
 * so "open the service's logs" lives beside the other actions with the same permissions and audit.
 */
import { z } from 'zod';
import type { ActionExecutor } from './executor.ts';

export const LinkSettingsSchema = z
  .object({
    url: z
      .string()
      .refine(
        (url) => url.startsWith('/') || /^https?:\/\//.test(url),
        'must be a path in Cairn (/logs?…) or an http(s) URL',
      )
      .describe("A path in Cairn's UI, or any http(s) URL"),
    title: z.string().min(1).describe('What the link is called on the run page'),
  })
  .strict();

export function createLinkExecutor(publicUrl: () => string): ActionExecutor<typeof LinkSettingsSchema> {
  return {
    kind: 'link',
    settingsSchema: LinkSettingsSchema,
    async execute(context) {
      const url = context.settings.url.startsWith('/')
        ? `${publicUrl()}${context.settings.url}`
        : context.settings.url;
      context.link({ title: context.settings.title, url });
      context.log(`${context.settings.title}: ${url}`);
      return { outcome: 'succeeded', message: `opened ${context.settings.title}` };
    },
  };
}
