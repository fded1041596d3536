/**
 * The built-in scaffolder actions, by the id a step's `action:` names. The actions that reach
 * outside the workspace (publish, catalog, Cairn actions) are built from their dependencies.
 */
import type { ScaffolderAction, ScaffolderActionRegistry } from './action.ts';
import { type CairnActionRunner, createCairnActionAction } from './cairn-action.action.ts';
import { type CatalogRegistrar, catalogWriteAction, createCatalogRegisterAction } from './catalog.actions.ts';
import { fetchTemplateAction } from './fetch-template.action.ts';
import { debugLogAction, fetchPlainAction, fsDeleteAction, fsRenameAction } from './fs.actions.ts';
import {
  createPublishGitAction,
  createPublishGithubAction,
  type PublishSettings,
} from './publish.actions.ts';

/** The actions that only touch the workspace: they run in dry runs too. */
export const workspaceActions: readonly ScaffolderAction[] = [
  fetchTemplateAction,
  fetchPlainAction,
  fsRenameAction,
  fsDeleteAction,
  catalogWriteAction,
  debugLogAction,
];

export interface BuiltinActionDeps {
  publish: PublishSettings;
  /** null: `catalog:register` is known (dry runs) but fails when run. */
  catalog: CatalogRegistrar | null;
  /**
   * The actions module's runner; `undefined` leaves `cairn:action` out (a template naming it is
   * refused up front), null keeps it for dry runs only.
   */
  cairnActions?: CairnActionRunner | null;
}

export function createBuiltinActions(deps: BuiltinActionDeps): ScaffolderActionRegistry {
  const actions: ScaffolderAction[] = [
    ...workspaceActions,
    createPublishGitAction(deps.publish),
    createPublishGithubAction(deps.publish),
    createCatalogRegisterAction(deps.catalog),
  ];
  if (deps.cairnActions !== undefined) actions.push(createCairnActionAction(deps.cairnActions));
  return new Map(actions.map((action) => [action.id, action]));
}

export const DEFAULT_PUBLISH_SETTINGS: PublishSettings = {
  gitRemotes: {},
  githubApiUrls: {},
  githubToken: null,
  gitTimeoutMs: 120_000,
  defaultAuthor: { name: 'Cairn', email: 'cairn@localhost' },
};

/** Everything known, nothing reachable: for dry runs without a server (`cairn template dry-run <dir>`). */
export function createOfflineActions(): ScaffolderActionRegistry {
  return createBuiltinActions({ publish: DEFAULT_PUBLISH_SETTINGS, catalog: null, cairnActions: null });
}
