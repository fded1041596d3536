import { createLogger } from './logger.js';
import { createServer } from './server.js';

const logger = createLogger();
const port = Number(process.env.PORT ?? ${{ values.port }});
let shuttingDown = false;
const server = createServer({ logger, ready: () => !shuttingDown });
server.listen(port, () => logger.info('listening', { port }));
process.on('SIGTERM', () => {
  shuttingDown = true;
  server.close(() => process.exit(0));
});
