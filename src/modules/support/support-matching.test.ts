import { describe, expect, it } from 'vitest';
import { parseChatBody, parseChatCommand } from './chat-command.ts';
import { type Answerable, matchAnswers } from './matcher.ts';
import { classifyTopic } from './topic.ts';

const TOPICS = {
  deploy: ['deploy', 'rollback', 'release'],
  access: ['access', 'token', 'sign in'],
};

describe('classifyTopic', () => {
  it('picks the topic with most keyword hits, whole words and plurals, else other', () => {
    expect(classifyTopic('How do I roll back? rollback of my deploys fails', TOPICS)).toBe('deploy');
    expect(classifyTopic('I cannot sign in to get a token', TOPICS)).toBe('access');
    // "deployment" is not the word "deploy"; "signing" is not "sign in".
    expect(classifyTopic('deployment signing question', TOPICS)).toBe('other');
  });
});

describe('matchAnswers', () => {
  const answers: Answerable[] = [
    { kind: 'service', title: 'Payment', url: 'u1', searchText: 'payment team-orders' },
    { kind: 'runbook', title: 'payment runbook', url: 'u2', searchText: 'payment team-orders runbook' },
    { kind: 'action', title: 'Roll back a deploy', url: 'u3', searchText: 'rollback previous version' },
    { kind: 'doc', title: 'Grafana', url: 'u4', searchText: 'dashboards' },
  ];
  it('ranks by shared words, title words counting double, and drops what shares none', () => {
    expect(matchAnswers('how do I roll back the payment deploy?', answers, 3).map((a) => a.url)).toEqual([
      'u3',
      'u1',
      'u2',
    ]);
    expect(matchAnswers('payment runbook please', answers, 3).map((a) => a.url)).toEqual(['u2', 'u1']);
    expect(matchAnswers('the and of', answers, 3)).toEqual([]);
  });
});

describe('chat bodies and commands', () => {
  it('reads a Mattermost slash command form, naming the channel with its team', () => {
    const body = Buffer.from(
      'channel_id=c1&channel_name=town-square&command=%2Fplatform-help&team_domain=acme&team_id=t1&text=how+do+I+deploy&token=abc&user_id=u1&user_name=grace',
    );
    expect(parseChatBody(body, 'application/x-www-form-urlencoded')).toEqual({
      token: 'abc',
      asker: 'grace',
      channel: 'acme/town-square',
      text: 'how do I deploy',
    });
  });

  it('strips the trigger word of an outgoing webhook (JSON)', () => {
    const body = Buffer.from(
      JSON.stringify({
        token: 't',
        user_name: 'ada',
        trigger_word: 'platform-help',
        text: 'platform-help db is slow',
      }),
    );
    expect(parseChatBody(body, 'application/json').text).toBe('db is slow');
  });

  it('tells questions from follow-ups', () => {
    expect(parseChatCommand('resolved Ab3_x-9Z')).toEqual({
      kind: 'resolve',
      id: 'Ab3_x-9Z',
      resolution: 'self-service',
    });
    expect(parseChatCommand('escalate Ab3')).toEqual({
      kind: 'resolve',
      id: 'Ab3',
      resolution: 'platform-team',
    });
    expect(parseChatCommand('  ')).toEqual({ kind: 'usage' });
    expect(parseChatCommand('resolved the deploy is stuck')).toEqual({
      kind: 'ask',
      text: 'resolved the deploy is stuck',
    });
  });
});
