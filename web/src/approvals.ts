import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Api } from './api.js';
import { ApprovalDetail } from './approval-detail.js';
import { age, expiry, fullTime } from './format.js';
import type { ApprovalRequest, WhoAmI } from './types.js';
import { SeverityBadge, useNow } from './ui.js';

export interface ApprovalsViewProps {
  readonly api: Api;
  readonly me: WhoAmI;
  readonly pending: readonly ApprovalRequest[];
  /** The request the route names (`#/approvals/<id>`), once loaded. */
  readonly selected: ApprovalRequest | null;
  readonly selectedId: string | null;
  readonly selectedError: string | null;
  readonly loaded: boolean;
  readonly onUpdated: (request: ApprovalRequest) => void;
}

/** Pending approvals on the left, the selected request on the right. */
export function ApprovalsView(props: ApprovalsViewProps): VNode {
  const now = useNow(1000);
  const { pending, selected, selectedId } = props;
  const detail = useRef<HTMLElement>(null);
  // One column (narrow screens): the detail sits below the list, so bring it into view.
  useEffect(() => {
    if (selectedId && matchMedia('(max-width: 960px)').matches) detail.current?.scrollIntoView({ block: 'start' });
  }, [selectedId]);
  return html`<div class="approvals-layout">
    <section class="card approval-list-card" aria-labelledby="pending-title">
      <h2 id="pending-title">Pending approvals <span class="count" data-testid="pending-count">${pending.length}</span></h2>
      ${pending.length === 0
        ? html`<p class="empty" data-testid="no-pending">${props.loaded ? 'Nothing is waiting for a human. New requests appear here as agents make them.' : 'Loading…'}</p>`
        : html`<ul class="approval-list">
            ${pending.map((request) => html`<${ApprovalItem} key=${request.id} request=${request} now=${now} active=${request.id === selectedId} />`)}
          </ul>`}
    </section>
    <section class="card detail-card" ref=${detail}>
      ${selected
        ? html`<${ApprovalDetail} key=${selected.id} request=${selected} api=${props.api} me=${props.me} now=${now} onUpdated=${props.onUpdated} />`
        : selectedId
          ? html`<p class=${props.selectedError ? 'error-note' : 'empty'}>${props.selectedError ?? 'Loading the request…'}</p>`
          : html`<div class="empty detail-empty">
              <p>Select a request to see what it would change, how far the damage would reach and why it needs a human.</p>
            </div>`}
    </section>
  </div>`;
}

function ApprovalItem({ request, now, active }: { request: ApprovalRequest; now: number; active: boolean }): VNode {
  const expires = expiry(request.expiresAt, now);
  const destructive = request.assessment.effects.some((effect) => effect.operation === 'delete' || effect.operation === 'replace');
  return html`<li>
    <a
      class=${`approval-item${active ? ' active' : ''}${destructive ? ' destructive' : ''}`}
      href=${`#/approvals/${encodeURIComponent(request.id)}`}
      data-testid=${`approval-${request.id}`}
      aria-current=${active ? 'true' : undefined}
    >
      <span class="approval-summary">${request.summary}</span>
      <span class="approval-meta">
        <${SeverityBadge} severity=${request.assessment.severity} />
        <span class="chip" title="agent">${request.agent}</span>
        <span class=${`chip env${request.assessment.environment.production ? ' production' : ''}`} title="environment">${request.environment}</span>
        <span class="muted" title=${fullTime(request.createdAt)}>${age(request.createdAt, now)}</span>
        <span class=${expires.soon ? 'expiry soon' : 'expiry'} title=${`expires ${fullTime(request.expiresAt)}`}>${expires.text}</span>
        <span class="votes" title="approvals so far / required">${request.approvals.length}/${request.required.count} approved</span>
      </span>
    </a>
  </li>`;
}
