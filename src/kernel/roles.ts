/**
 * Roles a person holds in Cairn, most trusted first. `admin`: everything. `platform`: operate any
 * service, approve, manage configuration. `member`: read everything, operate the services their
 * teams own. `viewer`: read.
 */
export const ROLES = ['admin', 'platform', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** The more trusted of two roles (a person mapped to several IdP groups gets the highest). */
export function higherRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}
