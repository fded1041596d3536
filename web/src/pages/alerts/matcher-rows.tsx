import { MATCH_OPERATORS, type MatcherDraft, type MatchOperator, matcherRow } from './silence-draft.ts';

const OPERATOR_NAMES: Record<MatchOperator, string> = {
  '=': 'equals',
  '!=': 'does not equal',
  '=~': 'matches regex',
  '!~': 'does not match regex',
};

interface MatcherRowsProps {
  rows: MatcherDraft[];
  onChange: (rows: MatcherDraft[]) => void;
  /** `matchers.<index>.<name|value>` of the field the last check rejected. */
  invalidField: string | null;
}

/** Label matchers (name, operator, value); all must hold for an alert to be silenced. */
export function MatcherRows({ rows, onChange, invalidField }: MatcherRowsProps) {
  const update = (key: number, patch: Partial<MatcherDraft>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  return (
    <fieldset className="matchers">
      <legend>Matchers (all must match; labels as the alert carries them, e.g. alertname, service)</legend>
      {rows.map((row, index) => (
        <div key={row.key} className="matcher-row">
          <input
            aria-label={`Matcher ${index + 1} label`}
            placeholder="label, e.g. service"
            autoComplete="off"
            spellCheck={false}
            value={row.name}
            aria-invalid={invalidField === `matchers.${index}.name` ? true : undefined}
            onChange={(e) => update(row.key, { name: e.target.value })}
          />
          <select
            aria-label={`Matcher ${index + 1} operator`}
            value={row.operator}
            // The options are exactly MATCH_OPERATORS, so the value is always one of them.
            onChange={(e) => update(row.key, { operator: e.target.value as MatchOperator })}
          >
            {MATCH_OPERATORS.map((op) => (
              <option key={op} value={op}>
                {op} ({OPERATOR_NAMES[op]})
              </option>
            ))}
          </select>
          <input
            aria-label={`Matcher ${index + 1} value`}
            placeholder="value"
            autoComplete="off"
            spellCheck={false}
            value={row.value}
            aria-invalid={invalidField === `matchers.${index}.value` ? true : undefined}
            onChange={(e) => update(row.key, { value: e.target.value })}
          />
          <button
            type="button"
            className="button button-small"
            aria-label={`Remove matcher ${index + 1}`}
            disabled={rows.length === 1}
            onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button button-small" onClick={() => onChange([...rows, matcherRow()])}>
        Add matcher
      </button>
    </fieldset>
  );
}
