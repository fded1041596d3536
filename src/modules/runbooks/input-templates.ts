/** Variables an action input may use, filled from the incident and the walked checks. */
export const TEMPLATE_VARIABLES = [
  'incident.id',
  'incident.service',
  'deploy.service',
  'deploy.version',
  'deploy.previousVersion',
  'deploy.environment',
  'service',
  'node',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

const VARIABLE = /\{\{\s*([\w.]+)\s*\}\}/g;

/** The variable names `{{ name }}` used in one template string. */
export function templateVariables(template: string): string[] {
  return [...template.matchAll(VARIABLE)].flatMap((m) => (m[1] ? [m[1]] : []));
}

/** Fills `{{ name }}`; a variable without a value leaves the input empty, for a person to fill. */
export function fillTemplate(template: string, values: Readonly<Partial<Record<string, string>>>): string {
  return template.replace(VARIABLE, (_all, name: string) => values[name] ?? '');
}
