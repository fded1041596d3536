/**
 * The executors Cairn ships for tools it calls out to, keyed by `executor.kind`. The runs service
 * merges this map with the executors it owns itself (the signed webhook).
 */
import type { ExecutorRegistry } from '../executor.ts';
import { createArgoCdExecutor } from './argocd/argocd.executor.ts';
import { createGitHubActionsExecutor } from './github-actions/github-actions.executor.ts';
import { createGitOpsExecutor } from './gitops/gitops.executor.ts';
import { createJenkinsExecutor } from './jenkins/jenkins.executor.ts';
import { createKubernetesExecutor } from './kubernetes/kubernetes.executor.ts';

export const builtInExecutors: ExecutorRegistry = {
  argocd: createArgoCdExecutor(),
  gitops: createGitOpsExecutor(),
  'github-actions': createGitHubActionsExecutor(),
  jenkins: createJenkinsExecutor(),
  kubernetes: createKubernetesExecutor(),
};
