import { describeDependencyPath, describeEnvironment, type Effect } from '../../model/index.js';
import type { CheckResult } from '../../pipeline/index.js';

const MARK: Record<Effect['operation'], string> = {
  delete: '✖',
  replace: '✖',
  unknown: '?',
  execute: '▶',
  update: '~',
  create: '+',
  read: '·',
};

/** Order effects so what destroys comes first: deletes and replaces, unknowns, then the rest. */
const ORDER: Record<Effect['operation'], number> = { delete: 0, replace: 0, unknown: 1, execute: 2, update: 3, create: 4, read: 5 };

/** The decision in plain words, for a terminal: what it would destroy, how far it reaches, who decided. */
export function explain(result: CheckResult, options: { color?: boolean | undefined; verbose?: boolean | undefined } = {}): string {
  const paint = options.color ? colors : plain;
  const { change, assessment, decision } = result;
  const env = assessment.environment;
  const lines: string[] = [];
  const headline = decision.decision.toUpperCase();
  const painted = decision.decision === 'allow' ? paint.green(headline) : decision.decision === 'ask' ? paint.yellow(headline) : paint.red(headline);
  const envText = describeEnvironment(env);
  lines.push(`${painted}  ${change.kind} change by ${change.agent} in ${envText} — ${assessment.severity} severity, autonomy ${result.autonomy}`);
  if (decision.mode === 'shadow') lines.push(paint.yellow(`  shadow mode: the agent is let through; enforcement would ${decision.decision}`));
  if (decision.decision === 'ask' && decision.approvals) {
    const roles = decision.approvals.roles.length ? ` with role ${decision.approvals.roles.join(' or ')}` : '';
    lines.push(`  needs ${decision.approvals.count} approver${decision.approvals.count > 1 ? 's' : ''}${roles}`);
  }
  for (const reason of decision.reasons) lines.push(`  ${reason}`);

  const writes = [...assessment.effects].filter((e) => e.operation !== 'read').sort((a, b) => ORDER[a.operation] - ORDER[b.operation]);
  const reads = assessment.effects.length - writes.length;
  lines.push('');
  lines.push('What it would do:');
  const shown = options.verbose ? writes : writes.slice(0, 20);
  for (const effect of shown) {
    const flags = [effect.destroysData ? 'destroys data' : '', !effect.reversible ? 'irreversible' : '', effect.environmentWide ? 'environment-wide' : ''].filter(Boolean);
    const text = `  ${MARK[effect.operation]} ${effect.summary}${flags.length ? ` [${flags.join(', ')}]` : ''}`;
    lines.push(effect.destroysData || effect.operation === 'delete' || effect.operation === 'replace' ? paint.red(text) : text);
  }
  if (writes.length > shown.length) lines.push(`  … and ${writes.length - shown.length} more (--verbose lists all)`);
  if (writes.length === 0) lines.push('  only reads');
  else if (reads > 0) lines.push(`  (${reads} read${reads > 1 ? 's' : ''} or unchanged resource${reads > 1 ? 's' : ''} not listed)`);

  const blast = assessment.blastRadius;
  if (blast.total > 0) {
    lines.push('');
    const share = blast.coverage !== null ? `, ${Math.round(blast.coverage * 100)}% of the ${blast.environmentSize} resources in ${env.name}` : '';
    lines.push(`How far it reaches: ${blast.total} resource${blast.total > 1 ? 's' : ''} (${blast.direct.length} directly, ${blast.total - blast.direct.length} through dependencies${share})${blast.wholeEnvironment ? ' — the whole environment' : ''}`);
    if (blast.customerFacing.length) lines.push(`  customer-facing: ${blast.customerFacing.slice(0, 8).join(', ')}${blast.customerFacing.length > 8 ? ', …' : ''}`);
    if (blast.dataBearing.length) lines.push(`  holding data: ${blast.dataBearing.slice(0, 8).join(', ')}${blast.dataBearing.length > 8 ? ', …' : ''}`);
    const dependents = options.verbose ? blast.dependents : blast.dependents.slice(0, 10);
    for (const dependent of dependents) lines.push(`  ${describeDependencyPath(dependent)}`);
    if (blast.dependents.length > dependents.length) lines.push(`  … and ${blast.dependents.length - dependents.length} more dependents`);
  }

  lines.push('');
  lines.push('Why this severity:');
  for (const reason of assessment.reasons.slice(0, options.verbose ? undefined : 6)) lines.push(`  ${reason}`);
  lines.push('');
  const policies = decision.policies.length ? decision.policies.map((p) => `${p.id} (${p.effect} ${p.action})`).join(', ') : 'none matched — default deny';
  lines.push(`Decided by: ${policies}`);
  if (decision.shadow) lines.push(`Shadow policies would: ${decision.shadow.decision} (${decision.shadow.policies.map((p) => p.id).join(', ') || 'default deny'})`);
  lines.push(`Environment recognised by: ${env.recognizedBy}`);
  lines.push(`Digest: ${change.digest}   Audit record: #${result.record.seq}`);
  return `${lines.join('\n')}\n`;
}

const plain = { red: (s: string) => s, green: (s: string) => s, yellow: (s: string) => s };
const colors = {
  red: (s: string) => `\u001b[31m${s}\u001b[39m`,
  green: (s: string) => `\u001b[32m${s}\u001b[39m`,
  yellow: (s: string) => `\u001b[33m${s}\u001b[39m`,
};
