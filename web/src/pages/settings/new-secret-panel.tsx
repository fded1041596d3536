import { useEffect, useId, useRef, useState } from 'react';
import type { CreatedToken } from '../../api/types.ts';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Shows a new token's secret, the only time it is ever shown, with a Copy button. Focus moves
 * here so keyboard and screen-reader users find it.
 */
export function NewSecretPanel({ created, onDismiss }: { created: CreatedToken; onDismiss: () => void }) {
  const [copy, setCopy] = useState<CopyState>('idle');
  const inputRef = useRef<HTMLInputElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const titleId = useId();
  const fieldId = useId();

  useEffect(() => {
    panelRef.current?.focus();
  }, []);

  async function copySecret() {
    setCopy((await copyText(created.secret, inputRef.current)) ? 'copied' : 'failed');
  }

  return (
    <section className="card secret-panel" aria-labelledby={titleId} ref={panelRef} tabIndex={-1}>
      <h2 id={titleId}>Token “{created.token.name}” created</h2>
      <p className="notice notice-warning">
        Copy this secret now and store it somewhere safe. It will not be shown again.
      </p>
      <label htmlFor={fieldId}>New token secret</label>
      <div className="secret-row">
        <input
          id={fieldId}
          ref={inputRef}
          className="secret-value"
          readOnly
          value={created.secret}
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="button button-primary" onClick={copySecret}>
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button" onClick={onDismiss}>
          Done
        </button>
      </div>
      <p className="field-hint" role="status">
        {copy === 'failed'
          ? 'Copying is blocked here: the secret is selected, press Ctrl+C (⌘C) to copy it.'
          : ''}
      </p>
    </section>
  );
}

/**
 * Copies with the Clipboard API, which only exists on HTTPS or localhost; elsewhere (Cairn on a
 * plain-HTTP internal host) falls back to selecting the field and the legacy copy command.
 */
async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission denied: try the fallback.
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
