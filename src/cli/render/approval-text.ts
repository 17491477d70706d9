import type { ApprovalRequest } from '../../approvals/index.js';
import { describeDependencyPath } from '../../model/index.js';

const ORDER = ['delete', 'replace', 'unknown', 'execute', 'update', 'create', 'read'];

function age(since: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(since)) / 1000));
  if (seconds < 90) return `${seconds}s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}

/** One line per request: id, state, age, votes, agent, environment, severity, summary. */
export function approvalLine(request: ApprovalRequest, now = new Date()): string {
  const votes = `${request.approvals.length}/${request.required.count}`;
  return [request.id, request.state.padEnd(9), age(request.createdAt, now).padStart(4), votes.padStart(4), `${request.agent}@${request.environment}`, request.assessment.severity, request.summary].join('  ');
}

/** The whole request, for an on-call engineer deciding from a terminal. */
export function approvalDetail(request: ApprovalRequest, now = new Date()): string {
  const { assessment, decision } = request;
  const lines = [
    `${request.summary}`,
    '',
    `  request      ${request.id} — ${request.state}${request.ending ? ` by ${request.ending.by}: ${request.ending.reason}` : ''}`,
    `  agent        ${request.agent}${request.actsFor ? ` (acting for ${request.actsFor})` : ''}, autonomy ${request.autonomy}`,
    `  environment  ${assessment.environment.name}${assessment.environment.production ? ' (production)' : ''}`,
    `  severity     ${assessment.severity}`,
    `  created      ${request.createdAt} (${age(request.createdAt, now)} ago), expires ${request.expiresAt}`,
    `  needs        ${request.required.count} approver${request.required.count > 1 ? 's' : ''}${request.required.roles.length ? ` with role ${request.required.roles.join(' or ')}` : ''}${request.required.separateDuties ? ', not the agent or the human it acts for' : ''}`,
    `  approved by  ${request.approvals.length ? request.approvals.map((v) => `${v.by} (${v.reason})`).join(', ') : 'nobody yet'}`,
    `  digest       ${request.digest}`,
    '',
    'Effects:',
  ];
  const effects = [...assessment.effects].sort((a, b) => ORDER.indexOf(a.operation) - ORDER.indexOf(b.operation));
  for (const effect of effects.slice(0, 40)) lines.push(`  ${effect.operation.toUpperCase().padEnd(8)} ${effect.summary}`);
  if (effects.length > 40) lines.push(`  … and ${effects.length - 40} more`);
  const radius = assessment.blastRadius;
  lines.push('', `Blast radius: ${radius.total} resources (${radius.direct.length} changed directly${radius.coverage !== null ? `, ${Math.round(radius.coverage * 100)}% of the environment` : ''})`);
  for (const dependent of radius.dependents.slice(0, 20)) lines.push(`  ${describeDependencyPath(dependent)}`);
  if (radius.customerFacingAtRisk.length) lines.push(`  customer-facing at risk: ${radius.customerFacingAtRisk.join(', ')}`);
  lines.push('', 'Why it needs approval:', ...decision.reasons.map((reason) => `  - ${reason}`), ...assessment.reasons.map((reason) => `  - ${reason}`));
  return lines.join('\n');
}
