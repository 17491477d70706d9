import type { ApprovalRequest, ApprovalState } from '../approvals/approval-request.js';
import type { Effect, Operation } from '../model/index.js';
import { approvalUrl, type NotificationEvent } from './notification-event.js';

/** A Block Kit text object. */
export interface SlackText {
  readonly type: 'plain_text' | 'mrkdwn';
  readonly text: string;
}

export interface SlackButton {
  readonly type: 'button';
  readonly text: SlackText;
  readonly url: string;
  readonly action_id: string;
  readonly style?: 'primary';
}

/** The Block Kit blocks Airlock uses. */
export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackText }
  | { readonly type: 'section'; readonly text?: SlackText; readonly fields?: readonly SlackText[] }
  | { readonly type: 'actions'; readonly elements: readonly SlackButton[] }
  | { readonly type: 'context'; readonly elements: readonly SlackText[] };

/**
 * An incoming-webhook message. `text` stands on its own (with the link as a bare URL) because
 * Slack shows it in notifications and Slack-compatible servers (Mattermost, Rocket.Chat) may
 * ignore `blocks` altogether.
 */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/** Block Kit limits (https://api.slack.com/reference/block-kit/blocks); past them Slack refuses the whole message. */
const LIMITS = { header: 150, section: 3000, field: 2000 } as const;
const MAX_EFFECTS = 5;
const MAX_REASONS = 5;

/** Deletes and replaces first (they lose data or cause downtime), then what nobody can see into. */
const OPERATION_ORDER: Record<Operation, number> = {
  delete: 0,
  replace: 1,
  unknown: 2,
  execute: 3,
  update: 4,
  create: 5,
  read: 6,
};

const STATE_TITLE: Record<ApprovalState, string> = {
  pending: 'Approval needed',
  approved: 'Approved',
  consumed: 'Approval used',
  rejected: 'Rejected',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
};

/**
 * Escapes text for mrkdwn. Everything shown comes from the agent or the change, so without this a
 * summary holding `<!channel>` would ping a whole channel, and `<https://evil|dashboard>` would
 * dress up a link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function code(text: string): string {
  return `\`${escapeMrkdwn(text.replace(/`/g, "'").replace(/\s+/g, ' '))}\``;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Non-read effects, the most dangerous first (stable within one operation). */
export function effectsToShow(effects: readonly Effect[]): Effect[] {
  return effects
    .filter((effect) => effect.operation !== 'read')
    .map((effect, index) => ({ effect, index }))
    .sort((a, b) => OPERATION_ORDER[a.effect.operation] - OPERATION_ORDER[b.effect.operation] || a.index - b.index)
    .map(({ effect }) => effect);
}

/** Who ended the request and why: its `ending`, or for an approval the votes (reason of the last one). */
export function outcomeOf(approval: ApprovalRequest): { state: ApprovalState; by: string; reason: string } | null {
  if (approval.ending) return { state: approval.ending.state, by: approval.ending.by, reason: approval.ending.reason };
  const last = approval.approvals.at(-1);
  if (!last) return null;
  const voters = [...new Set(approval.approvals.map((vote) => vote.by))];
  return { state: approval.state, by: voters.join(', '), reason: last.reason };
}

function approversText(approval: ApprovalRequest): string {
  const { count, roles, separateDuties } = approval.required;
  const parts = [`${approval.approvals.length} of ${count}`];
  if (roles.length > 0) parts.push(`role ${roles.join(' or ')}`);
  if (separateDuties) parts.push('not the requester');
  return parts.join(' · ');
}

function blastRadiusText(approval: ApprovalRequest): string {
  const radius = approval.assessment.blastRadius;
  const parts = [plural(radius.total, 'resource')];
  if (radius.wholeEnvironment) parts.push('whole environment');
  if (radius.customerFacingAtRisk.length > 0) parts.push(`${radius.customerFacingAtRisk.length} customer-facing at risk`);
  return parts.join(' · ');
}

function effectsText(approval: ApprovalRequest): string | null {
  const effects = effectsToShow(approval.assessment.effects);
  if (effects.length === 0) return null;
  const lines = effects.slice(0, MAX_EFFECTS).map((effect) => {
    const loss = effect.destroysData ? ' (destroys data)' : '';
    return `• *${effect.operation}* ${code(truncate(effect.resource.address, 200))}${loss} — ${escapeMrkdwn(truncate(effect.summary, 300))}`;
  });
  if (effects.length > MAX_EFFECTS) lines.push(`…and ${effects.length - MAX_EFFECTS} more`);
  return truncate(`*What it changes*\n${lines.join('\n')}`, LIMITS.section);
}

function reasonsText(approval: ApprovalRequest): string | null {
  const reasons = approval.decision.reasons.length > 0 ? approval.decision.reasons : approval.assessment.reasons;
  if (reasons.length === 0) return null;
  const lines = reasons.slice(0, MAX_REASONS).map((reason) => `• ${escapeMrkdwn(truncate(reason, 400))}`);
  if (reasons.length > MAX_REASONS) lines.push(`…and ${reasons.length - MAX_REASONS} more`);
  return truncate(`*Why it needs approval*\n${lines.join('\n')}`, LIMITS.section);
}

function field(label: string, value: string): SlackText {
  return { type: 'mrkdwn', text: truncate(`*${label}*\n${value}`, LIMITS.field) };
}

/**
 * The Slack message for an event: a header, the summary, the facts an approver needs (agent,
 * environment, severity, blast radius, approvers), the riskiest effects, the policies' reasons
 * and a button to the request in the dashboard. For `approval.ended` it says how it ended, by whom
 * and why.
 */
export function buildSlackMessage(event: NotificationEvent): SlackMessage {
  const approval = event.approval;
  const url = approvalUrl(event.dashboardUrl, approval.id);
  const ended = event.type === 'approval.ended';
  const outcome = ended ? outcomeOf(approval) : null;
  const title = ended ? STATE_TITLE[approval.state] : STATE_TITLE.pending;
  const where = `${approval.kind} change in ${approval.environment}`;

  const agent = approval.actsFor ? `${escapeMrkdwn(approval.agent)} for ${escapeMrkdwn(approval.actsFor)}` : escapeMrkdwn(approval.agent);
  const production = approval.assessment.environment.production ? ' (production)' : '';
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${title}: ${where}`, LIMITS.header) } },
    { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(truncate(approval.summary, 2500)) } },
  ];
  if (ended) {
    const how = outcome
      ? `*${STATE_TITLE[outcome.state]}* by ${escapeMrkdwn(outcome.by)}${outcome.reason ? `: ${escapeMrkdwn(outcome.reason)}` : ''}`
      : `*${STATE_TITLE[approval.state]}*`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(how, LIMITS.section) } });
  }
  blocks.push({
    type: 'section',
    fields: [
      field('Agent', agent),
      field('Environment', `${escapeMrkdwn(approval.environment)}${production}`),
      field('Severity', escapeMrkdwn(approval.assessment.severity)),
      field('Blast radius', blastRadiusText(approval)),
      field('Approvers', escapeMrkdwn(approversText(approval))),
    ],
  });
  const effects = effectsText(approval);
  if (effects) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: effects } });
  const reasons = reasonsText(approval);
  if (reasons) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: reasons } });
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: ended ? 'Open in dashboard' : 'Review in dashboard' },
        url,
        action_id: 'airlock_open_request',
        ...(ended ? {} : { style: 'primary' as const }),
      },
    ],
  });
  const when = ended ? `updated ${approval.updatedAt}` : `expires ${approval.expiresAt}`;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Request ${code(approval.id)} · ${when} · <${url}|open>` }] });

  const fallbackOutcome = outcome ? ` — by ${outcome.by}${outcome.reason ? `: ${outcome.reason}` : ''}` : '';
  // The URL goes last and whole: truncating the words must never cut the link.
  const text = `${escapeMrkdwn(truncate(`${title}: ${approval.summary}${fallbackOutcome}`, 2000))}\n${url}`;
  return { text, blocks };
}
