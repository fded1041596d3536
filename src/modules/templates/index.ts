export type { ScaffolderAction, TemplateUser } from './actions/action.ts';
export {
  type ActionRuns,
  type CairnActionRun,
  type CairnActionRunner,
  createCairnActionRunner,
} from './actions/cairn-action.action.ts';
export { createOfflineActions } from './actions/registry.ts';
export {
  type ComposeTemplatesDeps,
  composeTemplates,
  type RegisteredCatalogSource,
  registeredCatalogSources,
} from './compose-templates.ts';
export type { DryRunResponse, Task, TemplateSummary } from './contract.ts';
export { type DryRunResult, dryRunTemplate, type RenderedFile } from './dry-run.ts';
export type { TemplateService } from './task.service.ts';
export { createTaskStore, type TaskStore } from './task.store.ts';
export { pruneTemplateCopies, TEMPLATE_COPIES_KEPT } from './template-copies.ts';
export { templateFilesDigest } from './template-files-digest.ts';
export { type LoadedTemplate, loadTemplates, readTemplateFile } from './template-loader.ts';
export { readTemplateSource, type TemplateSource } from './template-source.ts';
