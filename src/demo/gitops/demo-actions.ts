/**
 * The demo's self-service actions: the shipped examples, with the ones that deploy pointed at the
 * demo's own deployment repository and Argo CD instead of acme-shop's GitHub. Written into the
 * data dir at start (the repository's path and the Argo CD port are only known then), where a
 * newcomer can read them as the configuration-as-code they are.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The example actions shipped with Cairn, found from this file, not the cwd. */
const EXAMPLE_ACTIONS = fileURLToPath(new URL('../../../examples/actions', import.meta.url));

/** Shipped examples the demo offers unchanged (they reach tools the demo does not run). */
const UNCHANGED_EXAMPLES = ['open-logs.yaml', 'restart.yaml', 'scale.yaml', 'set-requests.yaml'];

export interface DemoActionTargets {
  /** Absolute path of the deployment repository (a bare git repository). */
  repository: string;
  /** The demo Argo CD API's base URL. */
  argocdUrl: string;
  /** The environment variable holding the Argo CD token. */
  argocdTokenEnv: string;
}

/** Writes the demo's actions into `<dataDir>/actions` (replacing earlier ones) and returns the directory. */
export function writeDemoActions(dataDir: string, targets: DemoActionTargets): string {
  const dir = resolve(join(dataDir, 'actions'));
  mkdirSync(dir, { recursive: true });
  for (const file of UNCHANGED_EXAMPLES) copyFileSync(join(EXAMPLE_ACTIONS, file), join(dir, file));
  for (const [file, text] of Object.entries(demoActionFiles(targets))) writeFileSync(join(dir, file), text);
  return dir;
}

/** The generated action files by name. */
export function demoActionFiles(targets: DemoActionTargets): Record<string, string> {
  const repository = JSON.stringify(targets.repository);
  const gitops = (yamlPath: string, value: string, message: string) =>
    [
      'executor:',
      '  kind: gitops',
      '  settings:',
      `    repository: ${repository}`,
      '    branch: main',
      `    file: \${{ environment }}/\${{ service }}/values.yaml`,
      `    yamlPath: ${yamlPath}`,
      `    value: ${value}`,
      '    valueType: string',
      `    commitMessage: ${message}`,
      '    mode: push',
    ].join('\n');
  const environment = (fallback: string) =>
    [
      '    environment:',
      '      type: string',
      '      title: Environment',
      '      x-cairn-picker: environment',
      `      default: ${fallback}`,
    ].join('\n');
  const argocd = (operation: string) =>
    [
      'executor:',
      '  kind: argocd',
      '  settings:',
      `    server: ${targets.argocdUrl}`,
      `    application: \${{ service }}`,
      `    operation: ${operation}`,
      `    tokenEnv: ${targets.argocdTokenEnv}`,
      '    pollIntervalMs: 1000',
      '    waitTimeoutMs: 120000',
    ].join('\n');

  return {
    'rollback.yaml': `# Roll back to the previous version, the GitOps way: Cairn commits the older image tag to the
# demo's deployment repository and the demo's Argo CD syncs it (auto-sync). The version picker lists
# the versions this service has run (from the change record), newest first.
id: rollback
title: Roll back to a previous version
description: Sets the image tag back to a version the service ran before, in the deployment repository; Argo CD rolls it out.
target: service
operation: day-2
records: rollback
inputs:
  type: object
  required: [environment, version]
  properties:
${environment('production')}
    version:
      type: string
      title: Roll back to
      x-cairn-picker: version
      pattern: "^[A-Za-z0-9._-]{1,128}$"
    reason:
      type: string
      title: Why
      maxLength: 500
${gitops('image.tag', `\${{ inputs.version }}`, `Roll back \${{ service }} to \${{ inputs.version }} in \${{ environment }}`)}
guardrails:
  allowed:
    roles: [platform, admin]
    ownerTeam: true
  approval:
    required: when
    when: environment == 'production'
    approvers: [platform]
  # A rollback is how a bad deploy is undone, so no freeze applies to it.
  timeoutSeconds: 900
`,
    'deploy.yaml': `# Deploy a version: Cairn commits the image tag to the demo's deployment repository; the demo's
# Argo CD syncs it. Production needs a platform engineer's approval.
id: deploy
title: Deploy a version
description: Sets the image tag of the service in its values file, in the deployment repository; Argo CD rolls it out.
target: service
operation: day-2
records: deploy
inputs:
  type: object
  required: [environment, version]
  properties:
${environment('production')}
    version:
      type: string
      title: Version
      description: An image tag, e.g. 1.3.3
      pattern: "^[A-Za-z0-9._-]{1,128}$"
${gitops('image.tag', `\${{ inputs.version }}`, `Deploy \${{ service }} \${{ inputs.version }} to \${{ environment }}`)}
guardrails:
  allowed:
    roles: [platform, admin]
    ownerTeam: true
  approval:
    required: when
    when: environment == 'production'
    approvers: [platform]
    selfApproval: false
  timeoutSeconds: 900
`,
    'config.yaml': `# Change a config value: any key under config in the service's values file, committed to the
# demo's deployment repository; Argo CD syncs it.
id: change-config
title: Change a config value
description: Sets one configuration value of the service in the deployment repository.
target: service
operation: day-2
records: config
inputs:
  type: object
  required: [environment, key, value]
  properties:
${environment('production')}
    key:
      type: string
      title: Key
      description: A key under config, e.g. LOG_LEVEL
      pattern: "^[A-Za-z_][A-Za-z0-9_]{0,63}$"
    value:
      type: string
      title: Value
      maxLength: 1000
${gitops(`config.\${{ inputs.key }}`, `\${{ inputs.value }}`, `Set \${{ inputs.key }} of \${{ service }} in \${{ environment }}`)}
    createMissing: true
guardrails:
  approval:
    required: when
    when: environment == 'production'
    approvers: [platform, owner-team]
  timeoutSeconds: 900
`,
    'argocd-sync.yaml': `# Sync now: ask the demo's Argo CD to sync the service's application to the tip of main and
# wait until it is Synced and Healthy (it also syncs by itself within seconds of a commit).
id: argocd-sync
title: Sync now (Argo CD)
description: Syncs the service's Argo CD application to the deployment repository's main branch.
target: service
operation: day-2
inputs:
  type: object
  properties: {}
${argocd('sync')}
    revision: main
guardrails:
  allowed:
    roles: [platform, admin]
    ownerTeam: true
  timeoutSeconds: 300
`,
    'argocd-rollback.yaml': `# Roll back with Argo CD to the application's previous sync. The demo's applications sync
# automatically, so Argo CD refuses this, and the run says to use the GitOps rollback instead.
id: argocd-rollback
title: Roll back to the previous sync (Argo CD)
description: Rolls the service's Argo CD application back to its previous history entry (refused under auto-sync).
target: service
operation: day-2
records: rollback
inputs:
  type: object
  properties: {}
${argocd('rollback')}
    historyId: previous
guardrails:
  allowed:
    roles: [platform, admin]
    ownerTeam: true
  timeoutSeconds: 300
`,
  };
}
