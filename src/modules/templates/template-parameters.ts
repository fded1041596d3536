/**
 * Checks the values a task is started with against the template's parameter pages (JSON Schema:
 * `required`, `enum`, `default`, `dependencies`…), fills defaults, and applies what Cairn's pickers
 * promise: RepoUrlPicker `allowedHosts`/`allowedOwners`, EntityNamePicker names, entity refs for
 * OwnerPicker and EntityPicker. `ui:*` keys are form hints and are ignored by validation.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { InputError } from '../../kernel/errors.ts';
import { parseEntityRef, parseRepoUrl } from './engine/filters.ts';

export type ParameterValues = Record<string, unknown>;

const ajv = new Ajv({ strict: false, allErrors: false, useDefaults: true });
// One compiled validator per page object: templates are loaded once, so pages are long-lived.
const compiled = new WeakMap<Record<string, unknown>, ValidateFunction>();

function validatorOf(page: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(page);
  if (!validate) {
    const { title: _title, ...schema } = page;
    validate = ajv.compile({ type: 'object', ...schema });
    compiled.set(page, validate);
  }
  return validate;
}

function describeAjvError(error: ErrorObject): { field: string; message: string } {
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty?: string }).missingProperty);
    const field = path ? `${path}.${missing}` : missing;
    return { field, message: `parameters.${field} is required` };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    return {
      field: path,
      message: `parameters.${path} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
    };
  }
  return { field: path, message: `parameters.${path || '(values)'} ${error.message ?? 'is invalid'}` };
}

/**
 * The error worth showing. With Backstage's usual `dependencies: { x: { oneOf: [...] } }`, Ajv
 * reports every branch that did not match: the discriminator's `const` of the other branches and
 * the `oneOf` itself are noise beside the branch's `required` field that is missing.
 */
function mostUsefulError(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const noise = new Set(['const', 'oneOf', 'anyOf', 'if', 'false schema']);
  return (
    errors.find((e) => e.keyword === 'required') ?? errors.find((e) => !noise.has(e.keyword)) ?? errors[0]
  );
}

interface PickerField {
  path: string;
  field: string;
  options: Record<string, unknown>;
}

/** Properties with a `ui:field`, at the top of each page and inside `dependencies` branches. */
function pickerFields(schema: Record<string, unknown>, prefix = ''): PickerField[] {
  const found: PickerField[] = [];
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const object = node as Record<string, unknown>; // JSON Schema node, read key by key
    const properties = object.properties;
    if (properties && typeof properties === 'object') {
      for (const [name, property] of Object.entries(properties as Record<string, unknown>)) {
        if (!property || typeof property !== 'object') continue;
        const prop = property as Record<string, unknown>;
        if (typeof prop['ui:field'] === 'string') {
          found.push({
            path: `${prefix}${name}`,
            field: prop['ui:field'],
            options: (prop['ui:options'] as Record<string, unknown> | undefined) ?? {},
          });
        }
      }
    }
    for (const key of ['dependencies', 'allOf', 'oneOf', 'anyOf']) {
      const branch = object[key];
      if (Array.isArray(branch)) branch.forEach(visit);
      else if (branch && typeof branch === 'object') Object.values(branch).forEach(visit);
    }
  };
  visit(schema);
  return found;
}

const ENTITY_NAME = /^([a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?)$/;

function checkPicker(picker: PickerField, value: unknown): void {
  if (value === undefined || value === null || value === '') return;
  const name = `parameters.${picker.path}`;
  switch (picker.field) {
    case 'RepoUrlPicker': {
      const spec = (() => {
        try {
          return parseRepoUrl(String(value));
        } catch (error) {
          throw new InputError(`${name}: ${(error as Error).message}`, picker.path);
        }
      })();
      const hosts = picker.options.allowedHosts;
      if (Array.isArray(hosts) && hosts.length > 0 && !hosts.includes(spec.host)) {
        throw new InputError(`${name}: host "${spec.host}" is not one of ${hosts.join(', ')}`, picker.path);
      }
      const owners = picker.options.allowedOwners;
      if (Array.isArray(owners) && owners.length > 0 && !owners.includes(spec.owner)) {
        throw new InputError(
          `${name}: owner "${spec.owner ?? ''}" is not one of ${owners.join(', ')}`,
          picker.path,
        );
      }
      return;
    }
    case 'EntityNamePicker':
      if (typeof value !== 'string' || value.length > 63 || !ENTITY_NAME.test(value)) {
        throw new InputError(
          `${name}: "${String(value)}" is not a valid entity name (letters, digits, - _ . inside, at most 63 characters)`,
          picker.path,
        );
      }
      return;
    case 'OwnerPicker':
    case 'EntityPicker':
    case 'MyGroupsPicker':
      try {
        parseEntityRef(value, { defaultKind: picker.field === 'EntityPicker' ? 'Component' : 'Group' });
      } catch (error) {
        throw new InputError(`${name}: ${(error as Error).message}`, picker.path);
      }
      return;
    default:
      return;
  }
}

/**
 * Validates `values` against every page, in order, with defaults filled in; returns the filled
 * values. The first problem is thrown as an InputError naming `parameters.<field>`.
 */
export function validateParameters(
  pages: Record<string, unknown>[],
  values: ParameterValues,
): ParameterValues {
  const filled = structuredClone(values);
  for (const page of pages) {
    const validate = validatorOf(page);
    if (!validate(filled)) {
      const first = mostUsefulError(validate.errors ?? []);
      if (first) {
        const { field, message } = describeAjvError(first);
        throw new InputError(message, field);
      }
    }
    for (const picker of pickerFields(page)) checkPicker(picker, filled[picker.path]);
  }
  return filled;
}

/** The UI fields a template uses that Cairn has no picker for (shown as plain inputs). */
export function pickerFieldsOf(pages: Record<string, unknown>[]): string[] {
  return [...new Set(pages.flatMap((page) => pickerFields(page).map((p) => p.field)))];
}
