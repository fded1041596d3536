import { describe, expect, it } from 'vitest';
import type { CatalogPerson } from '../catalog/index.ts';
import {
  emailDomainRefusal,
  type GroupMappings,
  matchCatalogPerson,
  profileFromClaims,
  roleFor,
  teamsFor,
} from './identity-resolution.ts';

const MAPPINGS: GroupMappings = {
  defaultRole: 'member',
  roleMappings: { 'platform-team': 'platform', 'cairn-admins': 'admin', auditors: 'viewer' },
  teamMappings: { 'orders-devs': ['team-orders'], 'shop-leads': ['team-orders', 'team-storefront'] },
};

const PEOPLE: CatalogPerson[] = [
  { name: 'grace', displayName: 'Grace Hopper', email: 'grace@acme-shop.example', teams: ['team-orders'] },
  { name: 'ada', displayName: 'Ada Lovelace', email: null, teams: ['team-storefront'] },
  { name: 'linus', displayName: 'Linus Torvalds', email: 'linus@acme-shop.example', teams: [] },
];

describe('profileFromClaims', () => {
  it('reads subject, email (lower case), name and the configured groups claim', () => {
    expect(
      profileFromClaims(
        {
          sub: 'abc',
          email: 'Grace@Acme-Shop.example',
          name: 'Grace Hopper',
          preferred_username: 'grace',
          roles: ['b', 'a', 'b', 7],
        },
        'roles',
      ),
    ).toEqual({
      subject: 'abc',
      email: 'grace@acme-shop.example',
      name: 'Grace Hopper',
      username: 'grace',
      groups: ['a', 'b'],
    });
  });

  it('takes a single group sent as a string and falls back to the username for the name', () => {
    expect(
      profileFromClaims({ sub: 's', preferred_username: 'ada', groups: 'orders-devs' }, 'groups'),
    ).toEqual({
      subject: 's',
      email: null,
      name: 'ada',
      username: 'ada',
      groups: ['orders-devs'],
    });
  });

  it('refuses an ID token without a subject', () => {
    expect(() => profileFromClaims({ email: 'x@y.z' }, 'groups')).toThrow(
      'the ID token has no subject (sub)',
    );
  });
});

describe('emailDomainRefusal', () => {
  it('allows anyone when no domain is configured, and only listed domains otherwise', () => {
    expect(emailDomainRefusal(null, [])).toBeNull();
    expect(emailDomainRefusal('grace@acme-shop.example', ['ACME-shop.example'])).toBeNull();
    expect(emailDomainRefusal('eve@evil.example', ['acme-shop.example'])).toBe(
      'eve@evil.example may not sign in: only acme-shop.example addresses may',
    );
    expect(emailDomainRefusal(null, ['acme-shop.example'])).toBe(
      'Sign-in needs an email address in acme-shop.example; the provider sent none',
    );
  });
});

describe('matchCatalogPerson', () => {
  const profile = (fields: Partial<{ email: string; username: string; name: string }>) => ({
    subject: 's',
    email: fields.email ?? null,
    username: fields.username ?? null,
    name: fields.name ?? 'Someone',
    groups: [],
  });

  it('matches by email first, then by username, then by display name', () => {
    expect(
      matchCatalogPerson(profile({ email: 'grace@acme-shop.example', username: 'ada' }), PEOPLE)?.name,
    ).toBe('grace');
    expect(
      matchCatalogPerson(profile({ email: 'new@acme-shop.example', username: 'Ada' }), PEOPLE)?.name,
    ).toBe('ada');
    expect(matchCatalogPerson(profile({ name: 'Linus Torvalds' }), PEOPLE)?.name).toBe('linus');
    expect(matchCatalogPerson(profile({ email: 'nobody@acme-shop.example' }), PEOPLE)).toBeNull();
  });
});

describe('roles and teams from groups', () => {
  it('gives the highest mapped role, else the default', () => {
    expect(roleFor(['auditors', 'platform-team'], MAPPINGS)).toBe('platform');
    expect(roleFor(['cairn-admins', 'platform-team'], MAPPINGS)).toBe('admin');
    expect(roleFor(['auditors'], MAPPINGS)).toBe('viewer');
    expect(roleFor(['unmapped'], MAPPINGS)).toBe('member');
    expect(roleFor([], { ...MAPPINGS, defaultRole: 'viewer' })).toBe('viewer');
  });

  it('joins catalog teams and mapped IdP groups, once each', () => {
    expect(teamsFor(['team-orders'], ['shop-leads', 'unmapped'], MAPPINGS)).toEqual([
      'team-orders',
      'team-storefront',
    ]);
    expect(teamsFor([], [], MAPPINGS)).toEqual([]);
  });
});
