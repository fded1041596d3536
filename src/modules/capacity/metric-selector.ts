import { InputError } from '../../kernel/errors.ts';

/** A parsed selector: the metric, its service (OTLP's `service.name`) and attribute matchers. */
export interface MetricSelector {
  name: string;
  service: string | undefined;
  labels: Array<[string, string]>;
}

const NAME = /[A-Za-z_:][A-Za-z0-9_:./-]*/y;
const LABEL = /[A-Za-z_][A-Za-z0-9_./-]*/y;
const OPERATOR = /=~|!~|!=|=/y;
const SPACE = /\s*/y;

function fail(message: string): never {
  throw new InputError(`selector: ${message}`, 'selector');
}

/**
 * A PromQL instant selector with equality matchers: `name`, `name{label="value", …}` or
 * `{__name__="name", …}`. Values are quoted with " or ' (backslash escapes). `service.name`
 * matches the series' service (where OTLP keeps it); every other label matches an attribute
 * (remote write keeps each Prometheus label as one). `!=`, `=~` and `!~` are refused by name.
 */
export function parseSelector(text: string): MetricSelector {
  let at = 0;
  const match = (re: RegExp): string | null => {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return null;
    at = re.lastIndex;
    return m[0];
  };
  const skip = () => match(SPACE);
  const quoted = (): string => {
    const quote = text[at];
    if (quote !== '"' && quote !== "'") fail(`expected a quoted value at character ${at + 1}`);
    let out = '';
    for (at++; at < text.length; at++) {
      const c = text[at];
      if (c === quote) {
        at++;
        return out;
      }
      if (c === '\\') {
        at++;
        const e = text[at];
        out += e === 'n' ? '\n' : e === 't' ? '\t' : (e ?? '');
      } else out += c;
    }
    return fail('a quoted value is not closed');
  };

  skip();
  let name = match(NAME) ?? '';
  let service: string | undefined;
  const labels: Array<[string, string]> = [];
  skip();
  if (text[at] === '{') {
    at++;
    skip();
    while (text[at] !== '}') {
      const label = match(LABEL);
      if (!label) fail(`expected a label name at character ${at + 1}`);
      skip();
      const op = match(OPERATOR);
      if (op === null) fail(`expected = after ${label}`);
      if (op !== '=') fail(`only = matchers are supported (${label}${op} is not)`);
      skip();
      const value = quoted();
      if (label === '__name__') {
        if (name !== '' && name !== value) fail(`names ${name} and ${value}`);
        name = value;
      } else if (label === 'service.name') service = value;
      else labels.push([label, value]);
      skip();
      if (text[at] === ',') {
        at++;
        skip();
      } else if (text[at] !== '}') fail(`expected , or } at character ${at + 1}`);
    }
    at++;
    skip();
  }
  if (at < text.length) fail(`unexpected ${JSON.stringify(text.slice(at, at + 10))} at character ${at + 1}`);
  if (name === '') fail('needs a metric name, as name{…} or {__name__="…"}');
  return { name, service, labels };
}
