import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Telemetry rows older than the retention are dropped by the table TTL as they are inserted, so a
 * test that writes telemetry at a calendar date passes for a week and fails ever after. Such tests
 * place their rows relative to now (`Date.now()`); this check finds the ones that do not.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// Writes telemetry: through the store, the fixtures, or OTLP / remote write to a running Cairn.
const WRITES_TELEMETRY =
  /\.insert\(\s*['"`]otel_|insert(?:Spans|Logs)\(|(?:span|log|gauge|sum|histogram)Row\(|\/v1\/(?:traces|logs|metrics)|\/api\/v1\/write/;
// A Date built from a calendar date or a literal epoch (ms since 2020 and later).
const CALENDAR_DATE =
  /(?:new Date|Date\.parse)\(\s*(?:['"`]\d{4}-\d{2}-\d{2}|1[6-9]\d{11}\b|1_[6-9]\d{2}_\d{3}_\d{3}_\d{3}\b)/;

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

/** `file:line: text` for each calendar date in a file that writes telemetry. */
function calendarDates(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  if (!WRITES_TELEMETRY.test(text)) return [];
  return text
    .split('\n')
    .flatMap((line, i) =>
      CALENDAR_DATE.test(line) ? [`${relative(ROOT, path)}:${i + 1}: ${line.trim()}`] : [],
    );
}

describe('tests that write telemetry', () => {
  it('date their rows relative to now, never at a calendar date the TTL will pass', () => {
    const candidates = [
      ...files(join(ROOT, 'src'), (name) => name.endsWith('.test.ts')),
      ...files(join(ROOT, 'test'), (name) => name.endsWith('.ts') && name !== 'calendar-free-tests.test.ts'),
      ...files(join(ROOT, 'bench'), (name) => name.endsWith('.ts')),
    ];
    expect(candidates.length).toBeGreaterThan(50);
    expect(candidates.flatMap(calendarDates)).toEqual([]);
  });

  it('recognises a calendar date and lets relative times through', () => {
    const caught = [
      "const NOW = new Date('2026-11-25T12:00:00.000Z');",
      'let nowMs = Date.parse("2026-11-25T10:00:00Z");',
      'const t = new Date(1795600800000);',
      'const t = new Date(1_795_600_800_123);',
    ];
    const allowed = [
      'const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);',
      'const at = new Date(base.getTime() + 1000);',
      "expect(w.afterTo.toISOString()).toBe('2026-03-01T10:10:00.000Z');",
    ];
    expect(caught.filter((line) => !CALENDAR_DATE.test(line))).toEqual([]);
    expect(allowed.filter((line) => CALENDAR_DATE.test(line))).toEqual([]);
  });
});
