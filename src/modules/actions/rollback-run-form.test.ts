import { describe, expect, it } from 'vitest';
import { rollbackActionOf, withProposedRollback } from './rollback-run-form.ts';

const rollback = { service: 'payment', fromVersion: '1.4.0', toVersion: '1.3.2' };

describe('rollbackActionOf', () => {
  it('takes the action with id rollback, else the first service action saying roll back', () => {
    expect(
      rollbackActionOf([
        { id: 'argocd-rollback', title: 'Roll back (Argo CD)', target: 'service' },
        { id: 'rollback', title: 'Roll back', target: 'service' },
      ]),
    ).toBe('rollback');
    expect(
      rollbackActionOf([
        { id: 'undo', title: 'Roll-back everything', target: 'none' },
        { id: 'scale', title: 'Scale', target: 'service' },
        { id: 'argocd-rollback', title: 'Roll back (Argo CD)', target: 'service' },
      ]),
    ).toBe('argocd-rollback');
    expect(rollbackActionOf([{ id: 'scale', title: 'Scale', target: 'service' }])).toBeNull();
  });
});

describe('withProposedRollback', () => {
  const base = (summary: Record<string, unknown>) => ({ summarize: async () => summary });

  it("adds the proposed rollback and its prefilled run form naming the incident to the page's summary", async () => {
    const provider = withProposedRollback(base({ topSuspect: 'deploy payment v1.4.0', rollback }), {
      rollbackAction: () => 'rollback',
      publicUrl: () => 'https://cairn.example',
    });
    expect(await provider.summarize('inc-7')).toEqual({
      topSuspect: 'deploy payment v1.4.0',
      rollback,
      proposedFix: {
        text: 'Roll back payment from 1.4.0 to 1.3.2',
        url: 'https://cairn.example/actions/rollback/run?service=payment&version=1.3.2&incident=inc-7',
      },
    });
  });

  it('leaves the summary alone without a proposed rollback, without a rollback action, or when the lookup fails', async () => {
    const settings = { rollbackAction: () => 'rollback', publicUrl: () => 'https://cairn.example' };
    expect(await withProposedRollback(base({ impact: 'x' }), settings).summarize('inc-7')).toEqual({
      impact: 'x',
    });
    const none = withProposedRollback(base({ rollback }), { ...settings, rollbackAction: () => null });
    expect(await none.summarize('inc-7')).toEqual({ rollback });
    const failing = withProposedRollback(base({ rollback }), {
      ...settings,
      rollbackAction: () => {
        throw new Error('actions are not loaded yet');
      },
    });
    expect(await failing.summarize('inc-7')).toEqual({ rollback });
  });
});
