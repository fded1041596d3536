import type { CatalogEntity } from './entity-parser.ts';
import { parseEntityRef } from './entity-parser.ts';

/** A catalog `User` with the teams it belongs to. */
export interface CatalogPerson {
  name: string;
  displayName: string | null;
  email: string | null;
  /** Group names, from the Group's `spec.members` and the User's `spec.memberOf`, sorted. */
  teams: string[];
}

/**
 * People and their teams as the catalog declares them. Membership is read from both sides, as
 * Backstage does: a Group listing the user in `spec.members`, or the User naming the group in
 * `spec.memberOf`. Only groups in the default namespace's naming are compared (by name).
 */
export function catalogPeople(entities: readonly CatalogEntity[]): CatalogPerson[] {
  const teamsOf = new Map<string, Set<string>>();
  const join = (user: string, team: string) => {
    const key = user.toLowerCase();
    if (!teamsOf.has(key)) teamsOf.set(key, new Set());
    teamsOf.get(key)?.add(team);
  };
  const groups = new Set(entities.filter((entity) => entity.kind === 'Group').map((group) => group.name));
  for (const group of entities) {
    if (group.kind !== 'Group' || !Array.isArray(group.spec.members)) continue;
    for (const member of group.spec.members) join(parseEntityRef(String(member), 'user').name, group.name);
  }
  const people: CatalogPerson[] = [];
  const seen = new Set<string>();
  for (const user of entities) {
    if (user.kind !== 'User' || seen.has(user.name.toLowerCase())) continue;
    seen.add(user.name.toLowerCase());
    const memberOf = Array.isArray(user.spec.memberOf) ? user.spec.memberOf : [];
    for (const ref of memberOf) {
      const team = parseEntityRef(String(ref), 'group').name;
      if (groups.has(team)) join(user.name, team);
    }
    people.push({
      name: user.name,
      displayName: profileField(user.spec.profile, 'displayName'),
      email: profileField(user.spec.profile, 'email'),
      teams: [...(teamsOf.get(user.name.toLowerCase()) ?? [])].sort(),
    });
  }
  return people.sort((a, b) => a.name.localeCompare(b.name));
}

function profileField(profile: unknown, key: string): string | null {
  if (typeof profile !== 'object' || profile === null) return null;
  const value: unknown = Reflect.get(profile, key);
  return typeof value === 'string' && value.trim() ? value : null;
}
