import { describe, expect, it } from 'vitest';
import { planGraphRead } from './service-graph-plan.ts';

const t = (hhmmss: string) => new Date(`2026-01-01T${hhmmss}Z`);
const range = (from: string, to: string) => ({ from: t(from), to: t(to) });

describe('planGraphRead', () => {
  it('pairs everything live before the job has run', () => {
    expect(planGraphRead(range('10:00:00', '11:00:00'), null)).toEqual({
      materialised: null,
      live: [range('10:00:00', '11:00:00')],
    });
  });

  it('merges the materialised whole minutes and pairs the unmaterialised tail live', () => {
    expect(planGraphRead(range('10:00:00', '11:00:00'), range('09:00:00', '10:57:00'))).toEqual({
      materialised: range('10:00:00', '10:57:00'),
      live: [range('10:57:00', '11:00:00')],
    });
  });

  it('pairs the partial minutes at both ends of an unaligned range live', () => {
    expect(planGraphRead(range('10:00:30', '10:30:15.5'), range('09:00:00', '11:00:00'))).toEqual({
      materialised: range('10:01:00', '10:30:00'),
      live: [range('10:00:30', '10:01:00'), range('10:30:00', '10:30:15.5')],
    });
  });

  it('pairs minutes before the first materialised one live', () => {
    expect(planGraphRead(range('10:00:00', '11:00:00'), range('10:20:00', '11:00:00'))).toEqual({
      materialised: range('10:20:00', '11:00:00'),
      live: [range('10:00:00', '10:20:00')],
    });
  });

  it('pairs live when no whole materialised minute lies in the range', () => {
    expect(planGraphRead(range('10:00:10', '10:00:50'), range('09:00:00', '11:00:00'))).toEqual({
      materialised: null,
      live: [range('10:00:10', '10:00:50')],
    });
    expect(planGraphRead(range('10:00:00', '11:00:00'), range('11:00:00', '12:00:00'))).toEqual({
      materialised: null,
      live: [range('10:00:00', '11:00:00')],
    });
  });
});
