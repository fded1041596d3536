import { runJob } from './job.js';
import { createLogger } from './logger.js';

const logger = createLogger();
try {
  await runJob({ logger });
} catch (error) {
  logger.error('job failed', { error: String(error) });
  process.exitCode = 1;
}
