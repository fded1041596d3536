import { z } from 'zod';

/** The catalog annotation naming where a service's MkDocs site lives (Backstage TechDocs). */
export const TECHDOCS_REF = 'backstage.io/techdocs-ref';

/**
 * One line of the docs navigation, in order: a page, an outside link, or a section heading whose
 * entries follow it one level deeper. Flat with a depth (not nested) so the OpenAPI schema stays
 * without references.
 */
export const DocsNavEntrySchema = z.object({
  title: z.string(),
  depth: z.number().int().min(0).describe("0 at the top; a section's entries are one deeper"),
  page: z.string().nullable().describe('Page path relative to the docs folder; null for sections and links'),
  url: z.string().nullable().describe('An outside link; null for pages and sections'),
});
export type DocsNavEntry = z.infer<typeof DocsNavEntrySchema>;

export const DocsPageSummarySchema = z.object({
  path: z.string().describe('Relative to the docs folder, e.g. `guide/setup.md`'),
  title: z.string().describe('The first level-one heading, else the file name'),
});
export type DocsPageSummary = z.infer<typeof DocsPageSummarySchema>;

export const ServiceDocsSchema = z.object({
  service: z.string(),
  siteName: z.string().describe('`site_name` of mkdocs.yml, else the service name'),
  home: z.string().describe('The page shown first: index.md, README.md, else the first page'),
  nav: z
    .array(DocsNavEntrySchema)
    .describe('mkdocs.yml `nav` when present, else every page by folder, sections before their entries'),
  pages: z.array(DocsPageSummarySchema).describe('Every Markdown page, by path'),
  problems: z
    .array(z.string())
    .describe('What in mkdocs.yml could not be used (a nav entry naming no page), as file:line: reason'),
});
export type ServiceDocs = z.infer<typeof ServiceDocsSchema>;

export const DocsPageSchema = z.object({
  service: z.string(),
  path: z.string(),
  title: z.string(),
  html: z
    .string()
    .describe(
      'Sanitised HTML: no scripts, event handlers or javascript: URLs; links to other pages point at the portal (`data-docs-page` names the page), images at the assets route',
    ),
});
export type DocsPage = z.infer<typeof DocsPageSchema>;

export const DocsSearchHitSchema = z.object({
  kind: z.enum(['doc', 'runbook']),
  title: z.string().describe('The page or runbook title'),
  service: z.string().nullable().describe('The service whose docs hold the page (doc hits)'),
  page: z.string().nullable().describe('The page path (doc hits)'),
  runbook: z.string().nullable().describe('The runbook id (runbook hits)'),
  link: z.string().describe('Where the portal shows it'),
  snippet: z.string().describe('Text around the first match'),
});
export type DocsSearchHit = z.infer<typeof DocsSearchHitSchema>;

export const DocsSearchResultSchema = z.object({ items: z.array(DocsSearchHitSchema) });

export const ServiceNameParamsSchema = z.object({ name: z.string().min(1).max(200) });

export const DocsFileParamsSchema = z.object({
  name: z.string().min(1).max(200),
  path: z
    .string()
    .min(1)
    .max(500)
    .describe('The file relative to the docs folder, URL-encoded as one segment (`guide%2Fsetup.md`)'),
});

export const DocsSearchQuerySchema = z
  .object({
    q: z
      .string()
      .trim()
      .min(2, 'must be at least 2 characters')
      .max(200)
      .describe('Words to find, all of them'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type DocsSearchQuery = z.infer<typeof DocsSearchQuerySchema>;
