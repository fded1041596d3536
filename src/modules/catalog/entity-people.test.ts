import { describe, expect, it } from 'vitest';
import { parseCatalogFile } from './entity-parser.ts';
import { catalogPeople } from './entity-people.ts';

const FILE = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-orders }
spec: { type: team, children: [], members: [user:default/grace, Linus] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-storefront }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: grace }
spec:
  profile: { displayName: Grace Hopper, email: grace@acme-shop.example }
  memberOf: [group:default/team-orders]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: linus }
spec:
  memberOf: [team-storefront, team-unknown]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: ada }
spec:
  profile: { displayName: "  " }
`;

describe('catalogPeople', () => {
  it('reads teams from Group spec.members and User spec.memberOf, ignoring groups not declared', () => {
    const { entities, problems } = parseCatalogFile('teams.yaml', FILE);
    expect(problems).toEqual([]);
    expect(catalogPeople(entities)).toEqual([
      { name: 'ada', displayName: null, email: null, teams: [] },
      {
        name: 'grace',
        displayName: 'Grace Hopper',
        email: 'grace@acme-shop.example',
        teams: ['team-orders'],
      },
      { name: 'linus', displayName: null, email: null, teams: ['team-orders', 'team-storefront'] },
    ]);
  });
});
