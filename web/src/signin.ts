import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import { Api } from './api.js';
import { looksLikeToken } from './auth.js';
import { ErrorNote, errorText } from './ui.js';

/** Paste a token; it is checked with /v1/whoami before the dashboard opens. */
export function SignIn({ onSignedIn, notice }: { onSignedIn: (token: string) => void; notice?: string | null }): VNode {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const value = token.trim();
    if (!looksLikeToken(value)) {
      setError('That does not look like an Airlock token: tokens start with alk_.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await new Api(value).whoami();
      onSignedIn(value);
    } catch (thrown) {
      setError(errorText(thrown));
    } finally {
      setBusy(false);
    }
  };

  return html`<main class="signin">
    <form class="card signin-card" onSubmit=${submit} data-testid="signin-form">
      <h1><span class="logo" aria-hidden="true"></span> Airlock</h1>
      <p class="muted">Sign in with an approver or admin token to review the changes agents are waiting on.</p>
      ${notice ? html`<p class="notice">${notice}</p>` : null}
      <label for="token-input">Token</label>
      <input
        id="token-input"
        data-testid="token-input"
        type="password"
        autocomplete="off"
        spellcheck=${false}
        placeholder="alk_…"
        value=${token}
        onInput=${(event: Event) => setToken((event.currentTarget as HTMLInputElement).value)}
      />
      <${ErrorNote} error=${error} testid="signin-error" />
      <button class="button primary" type="submit" disabled=${busy || token.trim() === ''}>${busy ? 'Checking…' : 'Sign in'}</button>
      <p class="hint">
        No token? Ask an admin, or create one on the gateway's host:
        <code>airlock token create --role approver --name you</code>. It is kept in this tab only.
      </p>
    </form>
  </main>`;
}
