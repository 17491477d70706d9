import type { AuditRecord, Change, Effect, Freeze, Operation } from './types.js';

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "just now", "42 s ago", "3 min ago", "5 h ago", "2 d ago". */
export function age(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** "expires in 29:41", "expires in 1 h 05 min", "expired". */
export function expiry(iso: string, now: number): { text: string; soon: boolean } {
  const seconds = Math.floor((Date.parse(iso) - now) / 1000);
  if (!Number.isFinite(seconds)) return { text: '', soon: false };
  if (seconds <= 0) return { text: 'expired', soon: true };
  if (seconds >= 3600) {
    const minutes = Math.floor((seconds % 3600) / 60);
    return { text: `expires in ${Math.floor(seconds / 3600)} h ${String(minutes).padStart(2, '0')} min`, soon: false };
  }
  const text = `expires in ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return { text, soon: seconds < 300 };
}

/** Local time; the date too when it is not today. */
export function clock(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return new Date(now).toDateString() === date.toDateString() ? time : `${date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
}

export function fullTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function percent(share: number): string {
  const value = share * 100;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} %`;
}

/** Destructive first, then what cannot be seen into, then the rest; reads last. */
export const OPERATION_ORDER: readonly Operation[] = ['delete', 'replace', 'unknown', 'update', 'execute', 'create', 'read'];

export const OPERATION_LABELS: Record<Operation, string> = {
  delete: 'Deletes',
  replace: 'Replaces (destroys and re-creates)',
  unknown: 'Cannot be analysed',
  update: 'Updates',
  execute: 'Runs',
  create: 'Creates',
  read: 'Reads',
};

export function isDestructive(operation: Operation): boolean {
  return operation === 'delete' || operation === 'replace';
}

export interface EffectGroup {
  readonly operation: Operation;
  readonly effects: readonly Effect[];
}

export function groupEffects(effects: readonly Effect[]): EffectGroup[] {
  const groups = new Map<Operation, Effect[]>();
  for (const effect of effects) {
    const list = groups.get(effect.operation) ?? [];
    list.push(effect);
    groups.set(effect.operation, list);
  }
  const known = OPERATION_ORDER.filter((operation) => groups.has(operation)).map((operation) => ({ operation, effects: groups.get(operation) ?? [] }));
  // An operation this page does not know yet still shows, after the known ones.
  const other = [...groups.keys()].filter((operation) => !OPERATION_ORDER.includes(operation)).map((operation) => ({ operation, effects: groups.get(operation) ?? [] }));
  return [...known, ...other];
}

export type ChangeExcerpt =
  | { readonly type: 'command'; readonly text: string }
  | { readonly type: 'plan'; readonly rows: readonly { address: string; actions: string; destructive: boolean }[]; readonly more: number; readonly unchanged: number }
  | { readonly type: 'files'; readonly rows: readonly { operation: string; path: string }[]; readonly more: number }
  | { readonly type: 'json'; readonly text: string };

const MAX_ROWS = 40;
const MAX_TEXT = 4000;

function clip(text: string, max = MAX_TEXT): string {
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** What the agent handed in, shortened for the page: the command, the plan's resource changes, the files … */
export function changeExcerpt(change: Change): ChangeExcerpt {
  const payload = record(change.payload);
  if (typeof payload?.['command'] === 'string') return { type: 'command', text: clip(payload['command']) };
  if (typeof payload?.['sql'] === 'string') return { type: 'command', text: clip(payload['sql']) };
  if (typeof payload?.['statement'] === 'string') return { type: 'command', text: clip(payload['statement']) };
  const plan = record(payload?.['plan']);
  if (plan && Array.isArray(plan['resource_changes'])) {
    const rows: { address: string; actions: string; destructive: boolean }[] = [];
    let unchanged = 0;
    for (const entry of plan['resource_changes'] as unknown[]) {
      const rc = record(entry);
      const address = typeof rc?.['address'] === 'string' ? rc['address'] : '?';
      const actions = record(rc?.['change'])?.['actions'];
      const list = Array.isArray(actions) ? actions.filter((action): action is string => typeof action === 'string') : [];
      if (list.length === 0 || (list.length === 1 && (list[0] === 'no-op' || list[0] === 'read'))) {
        unchanged += 1;
        continue;
      }
      const destructive = list.includes('delete');
      const words = list.includes('delete') && list.includes('create') ? `replace [${list.join(', ')}]` : list.join(', ');
      rows.push({ address, actions: words, destructive });
    }
    rows.sort((a, b) => Number(b.destructive) - Number(a.destructive));
    return { type: 'plan', rows: rows.slice(0, MAX_ROWS), more: Math.max(0, rows.length - MAX_ROWS), unchanged };
  }
  if (payload && Array.isArray(payload['files'])) {
    const rows = (payload['files'] as unknown[]).map((entry) => {
      const file = record(entry);
      return { operation: String(file?.['operation'] ?? '?'), path: `${String(file?.['path'] ?? '?')}${typeof file?.['to'] === 'string' ? ` → ${file['to']}` : ''}` };
    });
    return { type: 'files', rows: rows.slice(0, MAX_ROWS), more: Math.max(0, rows.length - MAX_ROWS) };
  }
  if (payload && typeof payload['tool'] === 'string') {
    const server = typeof payload['server'] === 'string' && payload['server'] ? `${payload['server']} / ` : '';
    return { type: 'command', text: clip(`${server}${payload['tool']} ${JSON.stringify(payload['arguments'] ?? {}, null, 2)}`) };
  }
  let text: string;
  try {
    text = JSON.stringify(change.payload, null, 2) ?? String(change.payload);
  } catch {
    text = String(change.payload);
  }
  return { type: 'json', text: clip(text) };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A short line for an audit record: the command or plan, who approved or froze what and why, the error … */
export function auditSummary(entry: AuditRecord): string {
  const body = entry.body;
  const by = text(body['by']);
  const reason = text(body['reason']);
  const because = reason ? `: “${reason}”` : '';
  switch (entry.type) {
    case 'approval': {
      const action = text(body['action']) ?? text(body['state']) ?? 'changed';
      const request = text(body['requestId']);
      const subject = request ? `request ${request.slice(0, 8)}` : 'request';
      const required = Number(record(body['required'])?.['count'] ?? 1);
      if (action === 'created') return `${subject} opened: needs ${plural(required, 'approval')}`;
      if (action === 'vote') {
        const votes = Array.isArray(body['approvedBy']) ? body['approvedBy'].length : 1;
        return `${subject}: approved by ${by ?? '?'} (${votes} of ${required})${because}`;
      }
      if (action === 'used') return `${subject}: the approved change ran`;
      if (action === 'ran-out') return `${subject}: the approval is used up`;
      return `${subject} ${action}${by ? ` by ${by}` : ''}${because}`;
    }
    case 'freeze': {
      const freeze = record(body['freeze']);
      if (text(body['action']) === 'freeze' && freeze) {
        return `kill switch on for ${freezeScope({ agent: (text(freeze['agent']) ?? null), environment: (text(freeze['environment']) ?? null) })} by ${String(freeze['by'] ?? '?')}: “${String(freeze['reason'] ?? '')}”`;
      }
      const lifted = Array.isArray(body['lifted']) ? body['lifted'].length : 0;
      return `kill switch lifted (${plural(lifted, 'freeze')})${by ? ` by ${by}` : ''}${because}`;
    }
    case 'token':
      return `token ${text(body['action']) ?? 'changed'} for ${String(body['name'] ?? '?')} (${String(body['role'] ?? '?')})${by ? ` by ${by}` : ''}`;
    default:
      break;
  }
  const change = record(body['change']);
  const payload = record(change?.['payload']);
  const assessment = record(body['assessment']);
  const reasons = Array.isArray(assessment?.['reasons']) ? (assessment['reasons'] as unknown[]).filter((r): r is string => typeof r === 'string') : [];
  let what: string | undefined;
  if (typeof body['summary'] === 'string') what = body['summary'];
  else if (typeof payload?.['command'] === 'string') what = payload['command'];
  else if (payload && typeof payload['tool'] === 'string') what = `${String(payload['server'] ?? '')} ${payload['tool']}`.trim();
  else if (payload && Array.isArray(payload['files'])) what = `${plural((payload['files'] as unknown[]).length, 'file')} changed`;
  else if (record(payload?.['plan'])) {
    const changes = record(payload?.['plan'])?.['resource_changes'];
    what = `Terraform plan${Array.isArray(changes) ? ` (${plural(changes.length, 'resource change')})` : ''}`;
  } else if (typeof payload?.['digest'] === 'string') what = `${entry.kind ?? 'change'} payload (kept as its digest)`;
  const error = record(body['error']);
  if (typeof error?.['message'] === 'string') return `${what ? `${what} — ` : ''}error: ${error['message']}`;
  const first = reasons[0];
  const parts = [what, first && first !== what ? first : undefined, reason && !what ? reason : undefined].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(' — ') : entry.type;
}

export function freezeScope(freeze: Pick<Freeze, 'agent' | 'environment'>): string {
  const who = freeze.agent === null ? 'every agent' : `agent ${freeze.agent}`;
  const where = freeze.environment === null ? 'every environment' : freeze.environment;
  return freeze.agent === null && freeze.environment === null ? 'every agent in every environment' : `${who} in ${where}`;
}

export function shortDigest(digest: string): string {
  return digest.length > 12 ? `${digest.slice(0, 12)}…` : digest;
}
