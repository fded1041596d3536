/**
 * Turns an action's inputs (JSON Schema with `x-cairn-picker` marks) into the schema the run form
 * is generated from, and reads prefilled values from a shareable URL
 * (`/actions/{id}/run?service=…&version=…`).
 */
import type { RJSFSchema } from '@rjsf/utils';
import type { ActionDetail } from '../../api/contracts.ts';

type Property = Record<string, unknown>;

function propertiesOf(inputs: Record<string, unknown>): Record<string, Property> {
  const properties = inputs.properties;
  return properties && typeof properties === 'object' ? (properties as Record<string, Property>) : {};
}

/**
 * The form's schema: the action's inputs, where every input with a picker Cairn filled becomes a
 * choice among those options (an input whose picker has no options stays free text, e.g. a version
 * for a service with no recorded deploys). The `x-cairn-picker` marks are left out.
 */
export function formSchemaFor(
  action: Pick<ActionDetail, 'inputs' | 'pickers'>,
  prefill: Record<string, unknown> = {},
): RJSFSchema {
  const properties: Record<string, Property> = {};
  for (const [name, property] of Object.entries(propertiesOf(action.inputs))) {
    const { 'x-cairn-picker': _picker, ...rest } = property;
    const options = action.pickers[name] ?? [];
    // A link may name a choice Cairn did not list (a version older than the recent changes); it
    // stays choosable, and the server checks it like any other value.
    const linked = prefill[name];
    const choices =
      typeof linked === 'string' && linked !== '' && options.length > 0 && !options.includes(linked)
        ? [...options, linked]
        : options;
    properties[name] = choices.length > 0 ? { ...rest, enum: choices } : rest;
  }
  return { ...action.inputs, type: 'object', properties } as RJSFSchema;
}

/** Which input a URL parameter fills: its own name, or the picker kind (`version`) it carries. */
function inputFor(param: string, properties: Record<string, Property>): string | null {
  if (param in properties) return param;
  const byPicker = Object.entries(properties).find(([, p]) => p['x-cairn-picker'] === param);
  return byPicker ? byPicker[0] : null;
}

function coerce(property: Property, values: string[]): unknown {
  const first = values[0] ?? '';
  switch (property.type) {
    case 'integer':
    case 'number': {
      const n = Number(first);
      return first.trim() !== '' && Number.isFinite(n) ? n : first;
    }
    case 'boolean':
      return first === 'true' || first === '1';
    case 'array':
      return values.flatMap((v) => v.split(',')).filter((v) => v !== '');
    default:
      return first;
  }
}

/**
 * The inputs a URL prefills: each parameter naming an input (or the picker kind of one, so a link
 * may say `version=` whatever the action calls that input), typed as the schema says. `service` is
 * the run's target, not an input, unless the action has an input of that name.
 */
export function prefillFrom(
  inputs: Record<string, unknown>,
  params: URLSearchParams,
): Record<string, unknown> {
  const properties = propertiesOf(inputs);
  const values: Record<string, unknown> = {};
  for (const param of new Set(params.keys())) {
    const name = inputFor(param, properties);
    if (name === null || name in values) continue;
    values[name] = coerce(properties[name] ?? {}, params.getAll(param));
  }
  return values;
}

/** The shareable address of an action's run form, prefilled. */
export function runFormPath(
  actionId: string,
  prefill: Record<string, string | number | null | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(prefill)) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return `/actions/${encodeURIComponent(actionId)}/run${text ? `?${text}` : ''}`;
}
