/**
 * Which Cairn services a Terraform resource change concerns, beyond its own `cairn.dev/service`
 * tag, from what the catalog declares:
 * - a service (Component) lists the Terraform modules it owns in `cairn.dev/terraform-modules`;
 * - a catalog `Resource` lists the Terraform addresses (resources or modules) that make it up in
 *   `cairn.dev/terraform-addresses`, and every service that `dependsOn` that resource gets the
 *   changes to those addresses.
 * An address or module covers itself, its instances (`[0]`, `["a"]`) and everything inside it.
 */

/** On a Component: comma-separated module addresses (`module.payment_db, module.queues`). */
export const TERRAFORM_MODULES_ANNOTATION = 'cairn.dev/terraform-modules';
/** On a Resource: comma-separated resource or module addresses (`module.db.aws_db_instance.orders`). */
export const TERRAFORM_ADDRESSES_ANNOTATION = 'cairn.dev/terraform-addresses';

/** The part of a catalog entity the mapping reads. */
export interface TerraformCatalogEntity {
  kind: string;
  name: string;
  namespace?: string;
  annotations: Record<string, string>;
  /** Entity references as the catalog keeps them (`resource:default/orders-db`). */
  dependsOn: string[];
}

/** Services a resource change belongs to (empty: none declared; the workspace decides). */
export type TerraformServiceMap = (resource: { address: string }) => string[];

function addressesIn(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((address) => address.trim())
    .filter((address) => address !== '');
}

/** `module.db` covers `module.db`, `module.db[0]…` and `module.db.aws_db_instance.x`. */
export function addressCovers(pattern: string, address: string): boolean {
  return address === pattern || address.startsWith(`${pattern}.`) || address.startsWith(`${pattern}[`);
}

/** `resource:default/orders-db`, `resource:orders-db` → `default/orders-db`; other kinds → null. */
function resourceKeyOf(ref: string): string | null {
  const match = /^resource:(?:([^/]+)\/)?(.+)$/i.exec(ref.trim());
  if (!match) return null;
  return `${(match[1] ?? 'default').toLowerCase()}/${(match[2] ?? '').toLowerCase()}`;
}

/** Builds the mapping from the catalog's Components and Resources. */
export function terraformServiceMap(entities: TerraformCatalogEntity[]): TerraformServiceMap {
  const components = entities.filter((entity) => entity.kind === 'Component');
  const modules = components.flatMap((component) =>
    addressesIn(component.annotations[TERRAFORM_MODULES_ANNOTATION]).map((pattern) => ({
      pattern,
      service: component.name,
    })),
  );
  const resources = entities
    .filter((entity) => entity.kind === 'Resource')
    .map((resource) => {
      const key = `${(resource.namespace ?? 'default').toLowerCase()}/${resource.name.toLowerCase()}`;
      return {
        patterns: addressesIn(resource.annotations[TERRAFORM_ADDRESSES_ANNOTATION]),
        services: components
          .filter((component) => component.dependsOn.some((ref) => resourceKeyOf(ref) === key))
          .map((component) => component.name),
      };
    })
    .filter((resource) => resource.patterns.length > 0 && resource.services.length > 0);
  return ({ address }) => {
    const services = new Set<string>();
    for (const { pattern, service } of modules) if (addressCovers(pattern, address)) services.add(service);
    for (const resource of resources) {
      if (resource.patterns.some((pattern) => addressCovers(pattern, address))) {
        for (const service of resource.services) services.add(service);
      }
    }
    return [...services].sort();
  };
}
