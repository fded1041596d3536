import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SurveyPrompt } from '../../api/contracts.ts';
import type { Me } from '../../api/types.ts';
import { MeProvider } from '../../auth/me-context.tsx';
import { AppProviders } from '../../test-api.tsx';
import { SurveyBanner } from './survey-banner.tsx';
import { ThumbsFeedback } from './thumbs-feedback.tsx';

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

/** Answers GETs from `answers` and records every request with its JSON body. */
function stubFetch(answers: Record<string, unknown>): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input), 'http://cairn.test').pathname;
    const method = init?.method ?? 'GET';
    sent.push({ method, path, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
    const answer = answers[`${method} ${path}`];
    return new Response(JSON.stringify(answer ?? { error: { code: 'not_found', message: `no ${path}` } }), {
      status: answer === undefined ? 404 : 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return sent;
}

const allowed = { allowed: true, reason: null };
const PERSON: Me = {
  kind: 'person',
  name: 'Grace Hopper',
  actorId: 'user:u1',
  email: null,
  role: 'member',
  teams: ['team-orders'],
  scope: 'operate',
  tokenId: null,
  session: null,
  can: { operateAnyService: allowed, approve: allowed, configure: allowed, audit: allowed },
};
const DUE: SurveyPrompt = {
  due: true,
  nextAt: null,
  periodDays: 90,
  snoozeDays: 7,
  capabilities: ['catalog'],
  question: 'How likely are you to recommend the platform to a colleague?',
};

afterEach(() => vi.unstubAllGlobals());

describe('ThumbsFeedback', () => {
  it('sends one rating with the subject and the comment, then thanks', async () => {
    const sent = stubFetch({ 'POST /api/v1/feedback/ratings': { id: 'r1' } });
    render(
      <AppProviders>
        <ThumbsFeedback subject={{ kind: 'runbook-step', id: 'restart-payment#2' }} />
      </AppProviders>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Thumbs down' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Why? (optional)' }), {
      target: { value: 'step 2 times out' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByRole('status');
    expect(sent).toEqual([
      {
        method: 'POST',
        path: '/api/v1/feedback/ratings',
        body: {
          subject: { kind: 'runbook-step', id: 'restart-payment#2' },
          rating: 'down',
          comment: 'step 2 times out',
        },
      },
    ]);
  });
});

describe('SurveyBanner', () => {
  it('offers the due survey to a person without blocking, and snoozes on "Later"', async () => {
    const sent = stubFetch({
      'GET /api/v1/me': PERSON,
      'GET /api/v1/feedback/survey': DUE,
      'POST /api/v1/feedback/survey/snooze': { ...DUE, due: false },
    });
    render(
      <AppProviders>
        <MeProvider>
          <SurveyBanner />
        </MeProvider>
      </AppProviders>,
    );
    const banner = await screen.findByRole('complementary', { name: 'Platform survey' });
    expect(banner.textContent).toContain(DUE.question);
    fireEvent.click(screen.getByRole('button', { name: 'Later' }));
    await vi.waitFor(() =>
      expect(sent.filter((s) => s.method === 'POST').map((s) => s.path)).toEqual([
        '/api/v1/feedback/survey/snooze',
      ]),
    );
  });

  it('asks nothing for a token: the survey is for people', async () => {
    const sent = stubFetch({ 'GET /api/v1/me': { ...PERSON, kind: 'token', tokenId: 't1' } });
    render(
      <AppProviders>
        <MeProvider>
          <SurveyBanner />
        </MeProvider>
      </AppProviders>,
    );
    await vi.waitFor(() => expect(sent.map((s) => s.path)).toEqual(['/api/v1/me']));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sent.map((s) => s.path)).toEqual(['/api/v1/me']);
    expect(screen.queryByRole('complementary')).toBeNull();
  });
});
