/**
 * Every executor a run may use: the adapters in `executors/` plus the two the runs service owns:
 * the signed webhook (its automation reports back through the run API) and the link.
 */
import type { ExecutorRegistry } from './executor.ts';
import { builtInExecutors } from './executors/index.ts';
import { createLinkExecutor } from './link-executor.ts';
import { createWebhookExecutor, type WebhookExecutorDeps } from './webhook-executor.ts';

export function createExecutorRegistry(webhook: WebhookExecutorDeps): ExecutorRegistry {
  return {
    ...builtInExecutors,
    webhook: createWebhookExecutor(webhook),
    link: createLinkExecutor(webhook.publicUrl),
  };
}

/** For validating definitions offline (`cairn action validate`): the same kinds, nothing called. */
export const offlineExecutorRegistry: ExecutorRegistry = createExecutorRegistry({
  signingSecret: undefined,
  publicUrl: () => 'http://localhost:7420',
});
