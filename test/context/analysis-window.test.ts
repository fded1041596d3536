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

  describe('stretches left out of the baseline', () => {
    const t = (hhmm: string) => new Date(`2026-03-01T${hhmm}:00Z`);
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    const iso = (w: ReturnType<typeof toAnalysisWindow>) =>
      w.excluded.map((r) => `${hhmm(r.from)}-${hhmm(r.to)}`);

    it('merges them and reaches back past them until the baseline holds 30 minutes outside them', () => {
      const w = toAnalysisWindow(
        {
          onset,
          at: t('10:05'),
          excludeFromBaseline: [
            { from: t('09:50'), to: t('10:20') },
            { from: t('09:00'), to: t('09:35') },
            { from: t('09:40'), to: t('09:45') },
            { from: t('09:44'), to: t('09:47') },
            { from: t('08:00'), to: t('08:30') },
          ],
        },
        new Date(),
      );
      // 3 min (09:47-09:50) + 5 min (09:35-09:40) + 22 min before 09:00 = 30 min.
      expect(hhmm(w.baselineFrom)).toBe('08:38');
      expect(iso(w)).toEqual(['09:00-09:35', '09:40-09:47', '09:50-10:00']);
    });

    it('reaches back at most 2 hours, keeping what time it found there', () => {
      const w = toAnalysisWindow(
        { onset, at: t('10:05'), excludeFromBaseline: [{ from: t('08:10'), to: t('10:00') }] },
        new Date(),
      );
      expect(hhmm(w.baselineFrom)).toBe('08:00');
      expect(iso(w)).toEqual(['08:10-10:00']);
    });

    it('leaves nothing out when they cover the whole reach', () => {
      const w = toAnalysisWindow(
        {
          onset,
          at: t('10:05'),
          excludeFromBaseline: [
            { from: t('07:00'), to: t('09:45') },
            { from: t('09:45'), to: t('10:01') },
          ],
        },
        new Date(),
      );
      expect(hhmm(w.baselineFrom)).toBe('09:30');
      expect(w.excluded).toEqual([]);
    });

    it('rejects an invalid stretch, naming it', () => {
      const call = () =>
        toAnalysisWindow(
          { onset, excludeFromBaseline: [{ from: t('09:40'), to: new Date('x') }] },
          t('10:05'),
        );
      expect(call).toThrow(InputError);
      expect(call).toThrow('excludeFromBaseline[0].to must be a valid date');
    });
  });
});
