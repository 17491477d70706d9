import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Api, FreezeScope } from './api.js';
import { age, freezeScope, fullTime } from './format.js';
import type { Freeze } from './types.js';
import { ErrorNote, errorText, useNow } from './ui.js';

/**
 * The kill switch, shown across the top of every view while any freeze is on. Admins can lift
 * each freeze from here.
 */
export function FreezeBanner({ freezes, api, isAdmin }: { freezes: readonly Freeze[]; api: Api; isAdmin: boolean }): VNode | null {
  const now = useNow(15_000);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (freezes.length === 0) return null;

  const lift = async (scope: FreezeScope, key: string): Promise<void> => {
    setBusy(key);
    setError(null);
    try {
      await api.lift(scope, 'lifted from the dashboard');
    } catch (thrown) {
      setError(errorText(thrown));
    } finally {
      setBusy(null);
    }
  };

  const everything = freezes.some((freeze) => freeze.agent === null && freeze.environment === null);
  return html`<div class="freeze-banner" role="alert" data-testid="freeze-banner">
    <div class="freeze-title">
      <strong>Kill switch on</strong>
      <span>${everything ? 'Every change by every agent is refused (reads still run).' : 'Changes in the scopes below are refused (reads still run).'}</span>
      ${isAdmin && freezes.length > 1
        ? html`<button class="button on-red" type="button" disabled=${busy !== null} onClick=${() => void lift({}, 'all')} data-testid="unfreeze-all">Lift all</button>`
        : null}
    </div>
    <ul class="freeze-list">
      ${freezes.map(
        (freeze) => html`<li key=${freeze.id} data-testid="freeze-item">
          <span class="freeze-scope">${freezeScope(freeze)}</span>
          <span class="freeze-reason">“${freeze.reason}”</span>
          <span class="freeze-who" title=${fullTime(freeze.at)}>by ${freeze.by}, ${age(freeze.at, now)}</span>
          ${isAdmin
            ? html`<button
                class="button on-red small"
                type="button"
                disabled=${busy !== null}
                data-testid="unfreeze-button"
                onClick=${() => void lift(scopeOf(freeze), freeze.id)}
              >
                ${busy === freeze.id ? 'Lifting…' : 'Lift'}
              </button>`
            : null}
        </li>`,
      )}
    </ul>
    <${ErrorNote} error=${error} testid="unfreeze-error" />
  </div>`;
}

function scopeOf(freeze: Freeze): FreezeScope {
  return { ...(freeze.agent === null ? {} : { agent: freeze.agent }), ...(freeze.environment === null ? {} : { environment: freeze.environment }) };
}

export type FreezeTarget = 'all' | 'agent' | 'environment';

export interface KillSwitchPreset {
  readonly target: FreezeTarget;
  readonly name?: string;
}

/** Admin only: freeze every agent, one agent, or one environment, with a reason on the record. */
export function KillSwitch({ api, preset, onClose }: { api: Api; preset: KillSwitchPreset; onClose: () => void }): VNode {
  const [target, setTarget] = useState<FreezeTarget>(preset.target);
  const [name, setName] = useState(preset.name ?? '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setTarget(preset.target);
    setName(preset.name ?? '');
  }, [preset]);

  const needsName = target !== 'all';
  const ready = reason.trim() !== '' && (!needsName || name.trim() !== '');

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      const scope: FreezeScope = target === 'agent' ? { agent: name.trim() } : target === 'environment' ? { environment: name.trim() } : {};
      await api.freeze(scope, reason.trim());
      setReason('');
      onClose();
    } catch (thrown) {
      setError(errorText(thrown));
    } finally {
      setBusy(false);
    }
  };

  return html`<form class="card kill-switch" onSubmit=${submit} data-testid="kill-switch-panel" aria-labelledby="kill-switch-title">
    <div class="kill-switch-head">
      <h2 id="kill-switch-title">Kill switch</h2>
      <button class="button subtle small" type="button" onClick=${onClose}>Close</button>
    </div>
    <p class="muted">A freeze refuses every change (anything but reads) in its scope at once, including changes already approved, until it is lifted.</p>
    <fieldset class="freeze-target">
      <legend>Freeze</legend>
      ${(['all', 'agent', 'environment'] as const).map(
        (option) => html`<label key=${option} class="radio">
          <input type="radio" name="freeze-target" value=${option} checked=${target === option} onChange=${() => setTarget(option)} data-testid=${`freeze-target-${option}`} />
          ${option === 'all' ? 'every agent, everywhere' : option === 'agent' ? 'one agent' : 'one environment'}
        </label>`,
      )}
    </fieldset>
    ${needsName
      ? html`<label for="freeze-name">${target === 'agent' ? 'Agent' : 'Environment'}</label>
          <input
            id="freeze-name"
            data-testid="freeze-name"
            value=${name}
            placeholder=${target === 'agent' ? 'deploy-bot' : 'prod'}
            onInput=${(event: Event) => setName((event.currentTarget as HTMLInputElement).value)}
          />`
      : null}
    <label for="freeze-reason">Reason (required, recorded in the audit log)</label>
    <textarea
      id="freeze-reason"
      data-testid="freeze-reason"
      rows="2"
      value=${reason}
      placeholder="Incident 4711: agents are deleting things in prod"
      onInput=${(event: Event) => setReason((event.currentTarget as HTMLTextAreaElement).value)}
    ></textarea>
    <${ErrorNote} error=${error} testid="freeze-error" />
    <div class="actions">
      <button class="button danger" type="submit" disabled=${!ready || busy} data-testid="freeze-submit">${busy ? 'Freezing…' : 'Freeze'}</button>
    </div>
  </form>`;
}
