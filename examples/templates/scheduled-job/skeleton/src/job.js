import { createLogger } from './logger.js';

/**
 * One run of ${{ values.name }}. Replace the body with the job's work; it returns a summary that is
 * logged, and throws to fail the run (the CronJob's pod exits non-zero and Kubernetes retries it).
 */
export async function runJob({ logger = createLogger(), now = () => new Date() } = {}) {
  const startedAt = now();
  logger.info('job started', { started_at: startedAt.toISOString() });
  const processed = 0;
  logger.info('job finished', { processed, duration_ms: now().getTime() - startedAt.getTime() });
  return { processed };
}
