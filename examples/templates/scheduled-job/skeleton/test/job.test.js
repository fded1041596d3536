// Node's own test runner, no dependencies: `npm test` passes before `npm install`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJob } from '../src/job.js';
import { traceContext } from '../src/logger.js';

test('a run logs its start and end and returns its summary', async () => {
  const lines = [];
  const logger = { info: (msg, fields) => lines.push({ msg, ...fields }), warn() {}, error() {} };
  const result = await runJob({ logger });
  assert.deepEqual(result, { processed: 0 });
  assert.deepEqual(
    lines.map((l) => l.msg),
    ['job started', 'job finished'],
  );
});

test('trace ids come from a traceparent when no SDK is running', () => {
  assert.deepEqual(traceContext('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'), {
    trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    span_id: '00f067aa0ba902b7',
  });
});
