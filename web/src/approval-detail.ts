import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { Api } from './api.js';
import { age, changeExcerpt, expiry, fullTime, groupEffects, isDestructive, OPERATION_LABELS, percent, plural, shortDigest } from './format.js';
import type { ApprovalRequest, BlastRadius, Dependent, Effect, WhoAmI } from './types.js';
import { DecisionBadge, ErrorNote, errorText, SeverityBadge, StateBadge } from './ui.js';

export interface ApprovalDetailProps {
  readonly request: ApprovalRequest;
  readonly api: Api;
  readonly me: WhoAmI;
  readonly now: number;
  readonly onUpdated: (request: ApprovalRequest) => void;
}

/** Everything a tired on-call engineer needs to say yes or no to one Change, and the buttons to do it. */
export function ApprovalDetail({ request, api, me, now, onUpdated }: ApprovalDetailProps): VNode {
  const { assessment, decision } = request;
  const expires = expiry(request.expiresAt, now);
  // The policy table shows each policy's reason; list only the reasons it does not already show.
  const policyReasons = new Set(decision.policies.map((policy) => policy.reason));
  const otherReasons = decision.reasons.filter((reason) => !policyReasons.has(reason));
  return html`<article class="approval-detail" data-testid="approval-detail" data-request-id=${request.id} data-state=${request.state}>
    <header class="detail-head">
      <div class="detail-badges">
        <${StateBadge} state=${request.state} />
        <${SeverityBadge} severity=${assessment.severity} />
        <span class="chip">${request.kind}</span>
      </div>
      <h2 class="detail-summary" data-testid="detail-summary">${request.summary}</h2>
      <dl class="facts">
        <div><dt>Agent</dt><dd>${request.agent}${request.actsFor ? html` <span class="muted">acting for ${request.actsFor}</span>` : null}</dd></div>
        <div>
          <dt>Environment</dt>
          <dd>
            ${assessment.environment.name}${assessment.environment.production ? html` <span class="chip production">production</span>` : null}
            <span class="muted"> · criticality ${assessment.environment.criticality}</span>
            ${assessment.environment.recognizedBy ? html`<span class="muted"> · ${assessment.environment.recognizedBy}</span>` : null}
          </dd>
        </div>
        <div><dt>Autonomy level</dt><dd>${request.autonomy}</dd></div>
        <div><dt>Asked</dt><dd title=${fullTime(request.createdAt)}>${age(request.createdAt, now)}</dd></div>
        ${request.state === 'pending'
          ? html`<div><dt>Expires</dt><dd class=${expires.soon ? 'expiry soon' : ''} title=${fullTime(request.expiresAt)}>${expires.text}</dd></div>`
          : null}
        <div>
          <dt>Digest</dt>
          <dd><code title=${`An approval binds to this digest: a different command or plan needs a new approval.\n${request.digest}`}>${shortDigest(request.digest)}</code></dd>
        </div>
      </dl>
    </header>

    <${Effects} effects=${assessment.effects} />
    <${Blast} radius=${assessment.blastRadius} />
    <${ChangeExcerpt} request=${request} />

    <section class="section" data-testid="policy-reasons">
      <h3>Why it needs a human</h3>
      <p class="decision-line">
        Decision <${DecisionBadge} decision=${decision.decision} />
        ${decision.enforced !== decision.decision ? html`<span class="muted">enforced as ${decision.enforced} (${decision.mode ?? 'shadow'} mode)</span>` : null}
      </p>
      ${otherReasons.length > 0 ? html`<ul class="reasons">${otherReasons.map((reason) => html`<li>${reason}</li>`)}</ul>` : null}
      ${decision.policies.length > 0
        ? html`<table class="policies">
            <thead><tr><th>Policy</th><th>Effect</th><th>Reason</th></tr></thead>
            <tbody>
              ${decision.policies.map(
                (policy) => html`<tr>
                  <td><code>${policy.id}</code></td>
                  <td class=${policy.effect === 'forbid' ? 'forbid' : ''}>${policy.effect} ${policy.action}</td>
                  <td>${policy.reason ?? ''}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : null}
      ${assessment.reasons.length > 0
        ? html`<h4>Assessment</h4>
            <ul class="reasons">${assessment.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>`
        : null}
    </section>

    <${Votes} request=${request} />
    ${request.state === 'pending' ? html`<${ActionForm} key=${request.id} request=${request} api=${api} me=${me} onUpdated=${onUpdated} />` : html`<${Outcome} request=${request} />`}
    ${request.state === 'approved' && (me.role === 'approver' || me.role === 'admin')
      ? html`<${RevokeForm} key=${`revoke-${request.id}`} request=${request} api=${api} onUpdated=${onUpdated} />`
      : null}
  </article>`;
}

function Effects({ effects }: { effects: readonly Effect[] }): VNode {
  const groups = groupEffects(effects);
  return html`<section class="section" data-testid="effects">
    <h3>What it would do <span class="muted">(${plural(effects.length, 'effect')})</span></h3>
    ${groups.length === 0 ? html`<p class="empty">No effects.</p>` : null}
    ${groups.map((group) => {
      const destructive = isDestructive(group.operation);
      const list = html`<ul class="effects">
        ${group.effects.map(
          (effect) => html`<li>
            <span class="effect-summary">${effect.summary}</span>
            <span class="effect-meta">
              <code>${effect.resource.address}</code>
              <span class="muted">${effect.resource.kind}</span>
              ${effect.destroysData ? html`<span class="flag danger">destroys data</span>` : null}
              ${!effect.reversible && effect.operation !== 'read' ? html`<span class="flag">cannot be undone</span>` : null}
              ${effect.environmentWide ? html`<span class="flag danger">whole environment</span>` : null}
              ${effect.resource.customerFacing ? html`<span class="flag">customer-facing</span>` : null}
              ${effect.resource.dataBearing ? html`<span class="flag">data-bearing</span>` : null}
              ${effect.resource.guardrail ? html`<span class="flag danger">guardrail</span>` : null}
            </span>
          </li>`,
        )}
      </ul>`;
      const heading = `${OPERATION_LABELS[group.operation] ?? group.operation} (${group.effects.length})`;
      // Reads are context, not risk: folded away when there are more than a few.
      if (group.operation === 'read' && group.effects.length > 3) {
        return html`<details class="effect-group op-read" data-operation="read"><summary>${heading}</summary>${list}</details>`;
      }
      return html`<div class=${`effect-group op-${group.operation}${destructive ? ' destructive' : ''}`} data-operation=${group.operation} data-testid=${`effects-${group.operation}`}>
        <h4>${heading}</h4>
        ${list}
      </div>`;
    })}
  </section>`;
}

function Blast({ radius }: { radius: BlastRadius }): VNode {
  return html`<section class="section" data-testid="blast-radius">
    <h3>Blast radius</h3>
    <div class="stats">
      <div class="stat"><span class="stat-value">${radius.direct.length}</span><span class="stat-label">changed directly</span></div>
      <div class="stat"><span class="stat-value">${radius.dependents.length}</span><span class="stat-label">dependents reached</span></div>
      <div class=${`stat${radius.customerFacingAtRisk.length > 0 ? ' danger' : ''}`}>
        <span class="stat-value">${radius.customerFacingAtRisk.length}</span><span class="stat-label">customer-facing at risk</span>
      </div>
      <div class="stat"><span class="stat-value">${radius.dataBearing.length}</span><span class="stat-label">data-bearing</span></div>
      <div class=${`stat${radius.wholeEnvironment ? ' danger' : ''}`}>
        <span class="stat-value">${radius.wholeEnvironment ? 'all' : radius.coverage === null ? '?' : percent(radius.coverage)}</span>
        <span class="stat-label">
          ${radius.wholeEnvironment
            ? 'the whole environment'
            : radius.coverage === null
              ? 'of the environment (size unknown)'
              : `of the environment${radius.environmentSize ? ` (${radius.total} of ${radius.environmentSize})` : ''}`}
        </span>
      </div>
    </div>
    ${radius.direct.length > 0
      ? html`<h4>Changed directly</h4>
          <ul class="addresses">${radius.direct.map((address) => html`<li><code>${address}</code></li>`)}</ul>`
      : null}
    ${radius.customerFacingAtRisk.length > 0
      ? html`<h4 class="danger-text">Customer-facing at risk</h4>
          <ul class="addresses" data-testid="customer-facing-at-risk">${radius.customerFacingAtRisk.map((address) => html`<li><code>${address}</code></li>`)}</ul>`
      : null}
    ${radius.dataBearing.length > 0
      ? html`<h4>Data-bearing</h4>
          <ul class="addresses">${radius.dataBearing.map((address) => html`<li><code>${address}</code></li>`)}</ul>`
      : null}
    ${radius.dependents.length > 0
      ? html`<h4>Reached through dependencies</h4>
          <ul class="dependents">
            ${radius.dependents.map(
              (dependent) => html`<li>
                <code>${pathText(dependent)}</code>
                ${dependent.customerFacing ? html`<span class="flag">customer-facing</span>` : null}
                ${dependent.dataBearing ? html`<span class="flag">data-bearing</span>` : null}
              </li>`,
            )}
          </ul>`
      : null}
  </section>`;
}

function ChangeExcerpt({ request }: { request: ApprovalRequest }): VNode {
  const excerpt = changeExcerpt(request.change);
  const cwd = request.change.target?.cwd;
  let body: VNode;
  switch (excerpt.type) {
    case 'command':
    case 'json':
      body = html`<pre class="excerpt" data-testid="change-excerpt">${excerpt.text}</pre>`;
      break;
    case 'plan':
      body = html`<div data-testid="change-excerpt">
        <table class="plan">
          <thead><tr><th>Resource</th><th>Actions</th></tr></thead>
          <tbody>
            ${excerpt.rows.map(
              (row) => html`<tr class=${row.destructive ? 'destructive' : ''}><td><code>${row.address}</code></td><td>${row.actions}</td></tr>`,
            )}
          </tbody>
        </table>
        <p class="muted">
          ${excerpt.more > 0 ? `… and ${plural(excerpt.more, 'more resource change')}. ` : ''}${excerpt.unchanged > 0 ? `${plural(excerpt.unchanged, 'resource')} unchanged or read.` : ''}
        </p>
      </div>`;
      break;
    case 'files':
      body = html`<div data-testid="change-excerpt">
        <ul class="addresses">${excerpt.rows.map((row) => html`<li><span class="muted">${row.operation}</span> <code>${row.path}</code></li>`)}</ul>
        ${excerpt.more > 0 ? html`<p class="muted">… and ${plural(excerpt.more, 'more file')}</p>` : null}
      </div>`;
      break;
  }
  return html`<section class="section">
    <h3>The change <span class="muted">(${request.kind} from ${request.change.source}${cwd ? `, in ${cwd}` : ''})</span></h3>
    ${body}
  </section>`;
}

function Votes({ request }: { request: ApprovalRequest }): VNode {
  const { required } = request;
  return html`<section class="section" data-testid="votes">
    <h3>Approvers</h3>
    <p>
      Needs <strong>${plural(required.count, 'approval')}</strong>
      ${required.roles.length > 0 ? html` from someone with the role ${required.roles.map((role, index) => html`${index > 0 ? ' or ' : ''}<code>${role}</code>`)}` : ' from any approver'}.
      ${required.separateDuties
        ? html` <span class="muted">
            Separation of duties: ${request.actsFor ? `neither ${request.agent} nor ${request.actsFor}, whom it acts for, may approve.` : `${request.agent} may not approve its own change.`}
          </span>`
        : null}
    </p>
    ${request.approvals.length > 0
      ? html`<ul class="vote-list">
          ${request.approvals.map(
            (vote) => html`<li>
              <strong>${vote.by}</strong>${vote.roles.length > 0 ? html` <span class="muted">(${vote.roles.join(', ')})</span>` : null} approved
              <span class="muted" title=${fullTime(vote.at)}>${fullTime(vote.at)}</span>: “${vote.reason}”
            </li>`,
          )}
        </ul>`
      : html`<p class="muted">No approvals yet (${request.approvals.length}/${required.count}).</p>`}
  </section>`;
}

function Outcome({ request }: { request: ApprovalRequest }): VNode {
  const ending = request.ending;
  const words: Record<string, string> = {
    approved: 'Approved: the agent may run exactly this change.',
    consumed: 'Approved and used: the agent ran it.',
    rejected: 'Rejected: the agent was told no.',
    expired: 'Expired before enough people approved it: the agent was told no.',
    withdrawn: 'Withdrawn by the agent.',
  };
  return html`<section class=${`section outcome outcome-${request.state}`} data-testid="outcome">
    <h3>Outcome</h3>
    <p><${StateBadge} state=${request.state} /> ${words[request.state] ?? request.state}</p>
    ${ending ? html`<p>${ending.by}, ${fullTime(ending.at)}: “${ending.reason}”</p>` : null}
    ${request.grant
      ? html`<p class="muted">
          Grant: ${request.grant.uses === null ? 'unlimited uses' : `${request.grant.used} of ${plural(request.grant.uses, 'use')} used`}${request.grant.until ? `, until ${fullTime(request.grant.until)}` : ''}.
        </p>`
      : null}
  </section>`;
}

/** An approval not yet used up can be taken back; the request then ends as rejected. */
function RevokeForm({ request, api, onUpdated }: { request: ApprovalRequest; api: Api; onUpdated: (request: ApprovalRequest) => void }): VNode {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = reason.trim() !== '' && !busy;
  const revoke = async (): Promise<void> => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      onUpdated(await api.revoke(request.id, reason.trim()));
    } catch (thrown) {
      setError(errorText(thrown));
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="section action-form" onSubmit=${(event: Event) => event.preventDefault()} data-testid="revoke-form">
    <h3>Take the approval back</h3>
    <label for="revoke-input">Reason <span class="muted">(required, recorded in the audit log with your name)</span></label>
    <textarea
      id="revoke-input"
      data-testid="revoke-input"
      rows="2"
      value=${reason}
      onInput=${(event: Event) => setReason((event.currentTarget as HTMLTextAreaElement).value)}
    ></textarea>
    <${ErrorNote} error=${error} testid="revoke-error" />
    <div class="actions">
      <button class="button danger" type="button" data-testid="revoke-button" disabled=${!ready} onClick=${() => void revoke()}>
        ${busy ? 'Revoking…' : 'Revoke'}
      </button>
    </div>
  </form>`;
}

function ActionForm({ request, api, me, onUpdated }: { request: ApprovalRequest; api: Api; me: WhoAmI; onUpdated: (request: ApprovalRequest) => void }): VNode {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const canAct = me.role === 'approver' || me.role === 'admin';
  const ready = reason.trim() !== '' && busy === null;

  const act = async (verb: 'approve' | 'reject'): Promise<void> => {
    if (!ready) return;
    setBusy(verb);
    setError(null);
    setNote(null);
    try {
      const updated = verb === 'approve' ? await api.approve(request.id, reason.trim()) : await api.reject(request.id, reason.trim());
      onUpdated(updated);
      if (updated.state === 'pending') {
        setReason('');
        setNote(`Your approval is recorded: ${updated.approvals.length} of ${updated.required.count}. It still needs ${plural(updated.required.count - updated.approvals.length, 'more approver')}.`);
      }
    } catch (thrown) {
      setError(errorText(thrown));
    } finally {
      setBusy(null);
    }
  };

  if (!canAct) {
    return html`<p class="muted">Your token (${me.role}) can read requests but not approve them.</p>`;
  }
  const ownChange = request.required.separateDuties && (me.name === request.agent || me.name === request.actsFor);
  return html`<form class="section action-form" onSubmit=${(event: Event) => event.preventDefault()} data-testid="action-form">
    <h3>Your decision</h3>
    ${ownChange ? html`<p class="notice">This change was made by you or on your behalf; the gateway will ask someone else to approve it.</p>` : null}
    <label for="reason-input">Reason <span class="muted">(required, recorded in the audit log with your name)</span></label>
    <textarea
      id="reason-input"
      data-testid="reason-input"
      rows="3"
      value=${reason}
      placeholder="Checked with the shop team: web is being moved to the new cluster"
      onInput=${(event: Event) => setReason((event.currentTarget as HTMLTextAreaElement).value)}
    ></textarea>
    <${ErrorNote} error=${error} testid="action-error" />
    ${note ? html`<p class="ok-note" role="status">${note}</p>` : null}
    <div class="actions">
      <button class="button primary" type="button" data-testid="approve-button" disabled=${!ready} onClick=${() => void act('approve')}>
        ${busy === 'approve' ? 'Approving…' : 'Approve'}
      </button>
      <button class="button danger" type="button" data-testid="reject-button" disabled=${!ready} onClick=${() => void act('reject')}>
        ${busy === 'reject' ? 'Rejecting…' : 'Reject'}
      </button>
      ${reason.trim() === '' ? html`<span class="muted">Type a reason to approve or reject.</span>` : null}
    </div>
  </form>`;
}

/** Dependent first, each hop with how it depends: "orders-api → reads → orders → references → customers". */
function pathText(dependent: Dependent): string {
  const path = dependent.path.length > 0 ? dependent.path : [dependent.address];
  const via = dependent.via;
  if (!via || via.length !== path.length - 1) return path.join(' → ');
  const words = [path[path.length - 1]];
  for (let hop = path.length - 1; hop > 0; hop -= 1) words.push(via[hop - 1], path[hop - 1]);
  return words.join(' → ');
}
