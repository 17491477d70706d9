import { html } from 'htm/preact';
import type { ComponentChildren, VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** The current time, refreshed every `intervalMs` (for ages and countdowns). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const SEVERITY_TITLES: Record<string, string> = {
  none: 'no effect worth noting',
  low: 'reversible and small',
  medium: 'worth a look',
  high: 'hard to undo, or reaches far',
  critical: 'destroys data or customer-facing service, or reaches a whole production environment',
};

export function SeverityBadge({ severity }: { severity: string | null | undefined }): VNode | null {
  if (!severity) return null;
  return html`<span class=${`badge severity severity-${severity}`} title=${`severity ${severity}: ${SEVERITY_TITLES[severity] ?? ''}`}>${severity}</span>`;
}

export function DecisionBadge({ decision, title }: { decision: string | null | undefined; title?: string }): VNode | null {
  if (!decision) return null;
  return html`<span class=${`badge decision decision-${decision}`} title=${title ?? `decision: ${decision}`}>${decision}</span>`;
}

export function StateBadge({ state }: { state: string }): VNode {
  return html`<span class=${`badge state state-${state}`}>${state}</span>`;
}

export function ErrorNote({ error, testid }: { error: string | null; testid?: string }): VNode | null {
  if (!error) return null;
  return html`<p class="error-note" role="alert" data-testid=${testid ?? 'error'}>${error}</p>`;
}

export function Section({ title, children, id }: { title: string; children: ComponentChildren; id?: string }): VNode {
  return html`<section class="section" aria-labelledby=${id}>
    <h3 id=${id}>${title}</h3>
    ${children}
  </section>`;
}

export function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'describe' in error && typeof (error as { describe: unknown }).describe === 'function') {
    return (error as { describe: () => string }).describe();
  }
  return error instanceof Error ? error.message : String(error);
}
