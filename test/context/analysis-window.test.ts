import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/kernel/errors.ts';
import { toAnalysisWindow } from '../../src/modules/context/root-cause/analysis-window.ts';

const onset = new Date('2026-03-01T10:00:00Z');

describe('toAnalysisWindow', () => {
  it('takes 30 minutes of baseline and at most 10 minutes after onset by default', () => {
    const w = toAnalysisWindow({ onset }, new Date('2026-03-01T11:00:00Z'));
    expect(w.baselineFrom.toISOString()).toBe('2026-03-01T09:30:00.000Z');
    expect(w.afterTo.toISOString()).toBe('2026-03-01T10:10:00.000Z');
  });

  it('never looks past `at`', () => {
    const w = toAnalysisWindow({ onset, at: new Date('2026-03-01T10:03:00Z') }, new Date());
    expect(w.afterTo.toISOString()).toBe('2026-03-01T10:03:00.000Z');
  });

  it('rejects an `at` before onset, naming the field', () => {
    const call = () => toAnalysisWindow({ onset, at: new Date('2026-03-01T09:00:00Z') }, new Date());
    expect(call).toThrow(InputError);
    expect(call).toThrow('at (2026-03-01T09:00:00.000Z) must be after onset (2026-03-01T10:00:00.000Z)');
  });

  it('rejects an invalid onset and a non-positive baseline, naming the field', () => {
    expect(() => toAnalysisWindow({ onset: new Date('nope') }, new Date())).toThrow(
      'onset must be a valid date',
    );
    try {
      toAnalysisWindow({ onset, baselineMinutes: 0 }, new Date());
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).field).toBe('baselineMinutes'); // as: checked by toBeInstanceOf above
    }
  });
});
