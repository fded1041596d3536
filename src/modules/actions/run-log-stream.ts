/**
 * A run's log as server-sent events. Lines come from the store, so a stream opened on any replica
 * follows a run executed on another; `Last-Event-ID` (the last line number seen) resumes after a
 * reconnect. The stream ends with an `end` event once the run has ended and every line is sent.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FINAL_STATES } from './contract.ts';
import type { RunService } from './runs.service.ts';

export interface RunLogStreamOptions {
  runId: string;
  runs: Pick<RunService, 'logsAfter'>;
  request: FastifyRequest;
  reply: FastifyReply;
  pollIntervalMs: number;
}

export async function streamRunLogs({
  runId,
  runs,
  request,
  reply,
  pollIntervalMs,
}: RunLogStreamOptions): Promise<void> {
  const lastEventId = Number(request.headers['last-event-id']);
  let afterSeq = Number.isInteger(lastEventId) && lastEventId > 0 ? lastEventId : 0;
  let closed = false;
  request.raw.on('close', () => {
    closed = true;
  });
  reply.hijack();
  reply.raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const send = (event: string, data: unknown, id?: number) => {
    reply.raw.write(
      `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
    );
  };
  let lastState = '';
  let idleTicks = 0;
  try {
    while (!closed) {
      const { run, lines } = await runs.logsAfter(runId, afterSeq);
      for (const line of lines) {
        send('log', line, line.seq);
        afterSeq = line.seq;
      }
      if (run.state !== lastState) {
        send('state', { state: run.state, message: run.message });
        lastState = run.state;
      }
      if (FINAL_STATES.includes(run.state) && lines.length === 0) {
        send('end', run);
        break;
      }
      if (lines.length === 0) {
        // A comment now and then keeps proxies from closing a quiet stream.
        if (++idleTicks % Math.max(1, Math.round(15_000 / pollIntervalMs)) === 0)
          reply.raw.write(': keep-alive\n\n');
        await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
      }
    }
  } catch (error) {
    send('error', { message: error instanceof Error ? error.message : String(error) });
  } finally {
    reply.raw.end();
  }
}
