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
    const iso = (w: ReturnType<typeof toAnalysisWindow>) =>
      w.excluded.map((r) => `${r.from.toISOString().slice(11, 16)}-${r.to.toISOString().slice(11, 16)}`);

    it('clips them to the baseline, merges overlaps and sorts them', () => {
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
      expect(iso(w)).toEqual(['09:30-09:35', '09:40-09:47', '09:50-10:00']);
    });

    it('leaves nothing out when they would cover the whole baseline', () => {
      const w = toAnalysisWindow(
        {
          onset,
          at: t('10:05'),
          excludeFromBaseline: [
            { from: t('09:20'), to: t('09:45') },
            { from: t('09:45'), to: t('10:01') },
          ],
        },
        new Date(),
      );
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
