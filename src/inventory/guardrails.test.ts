import { describe, expect, it } from 'vitest';
import { effect } from '../../test/support/assessments.js';
import { createGuardrailClassifier } from './guardrails.js';

const guardrails = createGuardrailClassifier({
  home: '/home/dev',
  airlockHome: '/home/dev/.airlock',
  paths: ['/home/dev/.airlock', '/opt/airlock', '/home/dev/.claude'],
});
const write = (address: string, operation: 'update' | 'delete' | 'read' = 'update') =>
  guardrails.classifyEffect(effect({ operation, resource: { kind: 'file', address } })).resource.guardrail === true;

describe('guardrails', () => {
  it.each([
    '/srv/app/airlock.yaml',
    '/srv/app/policies/prod.cedar',
    '/srv/app/.claude/settings.json',
    '/srv/app/.codex/hooks.json',
    '/srv/app/.cursor/hooks.json',
    '/srv/app/.gemini/settings.json',
    '/srv/app/.kiro/agents/guarded.json',
    '~/.claude/settings.json',
    '$HOME/.codex/config.toml',
    '$AIRLOCK_HOME/audit.db',
    '/home/dev/.airlock/audit.db',
    '/opt/airlock/dist/cli/main.js',
    '/etc/claude-code/managed-settings.json',
  ])('a write to %s', (address) => {
    expect(write(address)).toBe(true);
  });

  it.each(['/srv/app/src/app.ts', '/srv/app/.claude/commands/review.md', '/home/dev/notes.txt', '$OTHER/airlock'])('not a write to %s', (address) => {
    expect(write(address)).toBe(false);
  });

  it('counts deleting a directory that holds a guardrail', () => {
    expect(write('~', 'delete')).toBe(true);
    expect(write('/home', 'delete')).toBe(true);
    expect(write('/', 'delete')).toBe(true);
    expect(write('/home/dev/src', 'delete')).toBe(false);
  });

  it('lets reads through', () => {
    expect(write('/srv/app/airlock.yaml', 'read')).toBe(false);
  });
});
