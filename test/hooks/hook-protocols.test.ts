import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandbox, type RunResult } from '../support/run-airlock.js';

/** A kubeconfig whose current context is production, as on an SRE's laptop. */
function prodKubeconfig(dir: string): string {
  const path = join(dir, 'kubeconfig');
  writeFileSync(path, 'apiVersion: v1\nkind: Config\ncurrent-context: prod-eu-1\ncontexts:\n- name: prod-eu-1\n  context: { cluster: prod, user: sre }\n');
  return path;
}

const claudeInput = (command: string, permissionMode = 'bypassPermissions', cwd = '/srv/app') => ({
  session_id: 'fd4e46cf-a03c-44bf-8bb2-f7d9ef0267e1',
  transcript_path: '/tmp/t.jsonl',
  cwd,
  permission_mode: permissionMode,
  hook_event_name: 'PreToolUse',
  tool_name: 'Bash',
  tool_input: { command, description: 'Run it' },
  tool_use_id: 'toolu_mock_0',
});

/** Only the agent's answer may be on stdout: nothing, or exactly one JSON document. */
function expectCleanStdout(result: RunResult): unknown {
  if (result.stdout === '') return undefined;
  expect(result.stdout.endsWith('\n')).toBe(true);
  expect(result.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(result.stdout) as unknown;
}

describe('airlock hook claude-code (PreToolUse)', () => {
  const box = sandbox();
  const env = { KUBECONFIG: prodKubeconfig(box.cwd) };

  it('denies or asks for kubectl delete namespace in a production kube context, as JSON', async () => {
    const result = await box.run(['hook', 'claude-code'], { stdin: JSON.stringify(claudeInput('kubectl delete namespace payments', 'default')), env });
    expect(result.code).toBe(0);
    const answer = expectCleanStdout(result) as { hookSpecificOutput: { hookEventName: string; permissionDecision: string; permissionDecisionReason: string } };
    expect(answer.hookSpecificOutput.hookEventName).toBe('PreToolUse');
    expect(['deny', 'ask']).toContain(answer.hookSpecificOutput.permissionDecision);
    expect(answer.hookSpecificOutput.permissionDecisionReason).toMatch(/namespace payments/);
    expect(answer.hookSpecificOutput.permissionDecisionReason).toMatch(/severity in prod-eu-1;/);
  });

  it('does not rely on Claude Code to ask when it auto-approves (bypassPermissions): blocks, saying approval is needed', async () => {
    const result = await box.run(['hook', 'claude-code'], { stdin: JSON.stringify(claudeInput('kubectl delete namespace payments', 'bypassPermissions')), env });
    const answer = expectCleanStdout(result) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    expect(answer.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(answer.hookSpecificOutput.permissionDecisionReason).toMatch(/needs approval from 2 people/);
    expect(answer.hookSpecificOutput.permissionDecisionReason).toMatch(/was not run/);
  });

  it('does not hand a two-person approval to the agent\'s one-click prompt', async () => {
    const result = await box.run(['hook', 'claude-code'], { stdin: JSON.stringify(claudeInput('kubectl delete namespace payments', 'default')), env });
    const answer = expectCleanStdout(result) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    expect(answer.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(answer.hookSpecificOutput.permissionDecisionReason).toMatch(/needs approval from 2 people .* the agent's own prompt cannot collect that/);
  });

  it('passes ask through in a mode where Claude Code asks a person', async () => {
    const result = await box.run(['hook', 'claude-code', '--env', 'dev'], { stdin: JSON.stringify(claudeInput('rm -rf build', 'default')) });
    const answer = expectCleanStdout(result) as { hookSpecificOutput: { permissionDecision: string } };
    expect(answer.hookSpecificOutput.permissionDecision).toBe('ask');
  });

  it('says nothing for a safe command, leaving Claude Code its own rules', async () => {
    const result = await box.run(['hook', 'claude-code'], { stdin: JSON.stringify(claudeInput('git status')) });
    expect(result).toMatchObject({ code: 0, stdout: '' });
  });

  it('denies terraform destroy with --env pinned on the hook command line', async () => {
    const result = await box.run(['hook', 'claude-code', '--env', 'production'], { stdin: JSON.stringify(claudeInput('terraform destroy -auto-approve')) });
    const answer = expectCleanStdout(result) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    expect(answer.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(answer.hookSpecificOutput.permissionDecisionReason).toMatch(/whole production environment/);
  });

  it('judges file writes and MCP tools', async () => {
    const write = { ...claudeInput(''), tool_name: 'Write', tool_input: { file_path: '/srv/prod/app/config.yaml', content: 'x: 1' } };
    expect((await box.run(['hook', 'claude-code'], { stdin: JSON.stringify(write) })).stdout).toBe('');
    const mcp = { ...claudeInput(''), tool_name: 'mcp__postgres__drop_table', tool_input: { table: 'orders' } };
    const answer = expectCleanStdout(await box.run(['hook', 'claude-code', '--env', 'production'], { stdin: JSON.stringify(mcp) })) as {
      hookSpecificOutput: { permissionDecision: string };
    };
    expect(answer.hookSpecificOutput.permissionDecision).toBe('deny');
  });

  it('records each decision in the audit log with the agent and session', async () => {
    const local = sandbox();
    await local.run(['hook', 'claude-code', '--env', 'production'], { stdin: JSON.stringify(claudeInput('terraform destroy -auto-approve')) });
    const rows = JSON.parse((await local.run(['audit', 'list', '--json'])).stdout) as Array<{ agent: string; source: string; decision: string; body: { change: { session: string } } }>;
    expect(rows[0]).toMatchObject({ agent: 'claude-code', source: 'claude-code', decision: 'deny' });
    expect(rows[0]!.body.change.session).toBe('fd4e46cf-a03c-44bf-8bb2-f7d9ef0267e1');
  });
});

describe('airlock hook: every failure blocks (exit 2, reason on stderr, nothing on stdout)', () => {
  const box = sandbox();
  const cases: Array<[string, string[], string | Buffer, Record<string, string>?]> = [
    ['garbage input', ['hook', 'claude-code'], 'not json at all'],
    ['truncated JSON', ['hook', 'claude-code'], '{"hook_event_name":"PreToolUse","tool_name":"Ba'],
    ['empty input', ['hook', 'claude-code'], ''],
    ['a JSON array', ['hook', 'claude-code'], '[1,2,3]'],
    ['the wrong event', ['hook', 'claude-code'], JSON.stringify({ ...claudeInput('ls'), hook_event_name: 'PostToolUse' })],
    ['Bash without a command', ['hook', 'claude-code'], JSON.stringify({ ...claudeInput('ls'), tool_input: {} })],
    ['a command that is not a string', ['hook', 'codex'], JSON.stringify({ ...claudeInput('ls'), tool_input: { command: ['rm', '-rf', '/'] } })],
    ['an unknown agent', ['hook', 'aider'], JSON.stringify(claudeInput('ls'))],
    ['an unknown option', ['hook', 'claude-code', '--bogus'], JSON.stringify(claudeInput('ls'))],
    ['a missing config file', ['hook', 'claude-code', '--config', '/nope/airlock.yaml'], JSON.stringify(claudeInput('ls'))],
    ['an input over 16 MiB', ['hook', 'claude-code'], Buffer.alloc(17 * 1024 * 1024, 0x20)],
    ['a deadline that passes', ['hook', 'claude-code', '--deadline-ms', '1'], JSON.stringify(claudeInput('ls'))],
  ];
  it.each(cases)('%s', async (_label, args, stdin, env) => {
    const result = await box.run(args, { stdin, ...(env ? { env } : {}) });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().length).toBeGreaterThan(10);
    expect(result.stderr).toMatch(/Airlock|airlock/);
  });

  it('is recorded in the audit log even when the input never reached the pipeline', async () => {
    const local = sandbox();
    const result = await local.run(['hook', 'gemini'], { stdin: '{"hook_event_name":"BeforeTool", "tool_na' });
    expect(result.code).toBe(2);
    const rows = JSON.parse((await local.run(['audit', 'list', '--json'])).stdout) as Array<{ type: string; decision: string; source: string; body: { error: { code: string }; input: string } }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'error', decision: 'deny', source: 'gemini', body: { error: { code: 'invalid_input' } } });
    expect(rows[0]!.body.input).toContain('"tool_na');
    expect((await local.run(['audit', 'verify'])).code).toBe(0);
  });

  it('an invalid airlock.yaml', async () => {
    const local = sandbox();
    writeFileSync(join(local.cwd, 'airlock.yaml'), 'mode: maybe\n');
    const result = await local.run(['hook', 'claude-code', '--config', join(local.cwd, 'airlock.yaml')], { stdin: JSON.stringify(claudeInput('ls', 'default', local.cwd)) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/airlock\.yaml:1: mode/);
  });

  it('a policy that does not validate', async () => {
    const local = sandbox();
    writeFileSync(join(local.cwd, 'p.cedar'), 'forbid (principal, action, resource) when { context.severty == "x" };');
    writeFileSync(join(local.cwd, 'airlock.yaml'), 'policies: { files: [p.cedar] }\n');
    const result = await local.run(['hook', 'claude-code'], { stdin: JSON.stringify(claudeInput('ls', 'default', local.cwd)), env: { AIRLOCK_CONFIG: join(local.cwd, 'airlock.yaml') } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/p\.cedar:1/);
  });

  it('an audit store that cannot be opened', async () => {
    const local = sandbox();
    writeFileSync(join(local.cwd, 'not-a-dir'), 'x');
    const result = await local.run(['hook', 'claude-code'], { stdin: JSON.stringify(claudeInput('ls')), env: { AIRLOCK_HOME: join(local.cwd, 'not-a-dir') } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/audit database/);
  });

  it('a locked audit log: the deadline still holds (the decision runs in a process it can kill)', async () => {
    const local = sandbox();
    await local.run(['check', 'shell', 'ls']);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(local.home, 'audit.db'));
    db.exec('BEGIN EXCLUSIVE');
    try {
      const result = await local.run(['hook', 'claude-code', '--deadline-ms', '1500'], { stdin: JSON.stringify(claudeInput('ls')) });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/could not decide within 1500 ms/);
    } finally {
      db.exec('ROLLBACK');
      db.close();
    }
  });

  it('a data directory where file operations never return', async () => {
    const result = await box.run(['hook', 'claude-code', '--deadline-ms', '1500'], { stdin: JSON.stringify(claudeInput('ls')), env: { AIRLOCK_HOME: '/proc/airlock-nope' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/could not decide within 1500 ms|audit database/);
  });

  it('a deeply nested command is judged, not crashed on, and not allowed', async () => {
    const nested = `${'$('.repeat(5000)}rm -rf /${')'.repeat(5000)}`;
    const result = await box.run(['hook', 'claude-code', '--env', 'dev'], { stdin: JSON.stringify(claudeInput(nested, 'default')) });
    expect(result.code).toBe(0);
    const answer = expectCleanStdout(result) as { hookSpecificOutput: { permissionDecision: string } };
    expect(['ask', 'deny']).toContain(answer.hookSpecificOutput.permissionDecision);
  });
});

describe('an agent cannot switch its guardrails off', () => {
  it('ignores an airlock.yaml in the agent\'s working tree (the agent can write there)', async () => {
    const box = sandbox();
    writeFileSync(join(box.cwd, 'airlock.yaml'), 'mode: shadow\ndefaults: { autonomy: autonomous }\n');
    const result = await box.run(['hook', 'claude-code', '--env', 'production'], { stdin: JSON.stringify(claudeInput('terraform destroy -auto-approve', 'default', box.cwd)), cwd: box.cwd });
    const answer = expectCleanStdout(result) as { hookSpecificOutput: { permissionDecision: string } };
    expect(answer.hookSpecificOutput.permissionDecision).toBe('deny');
  });

  it('reads AIRLOCK_HOME/airlock.yaml', async () => {
    const box = sandbox();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(box.home, { recursive: true });
    writeFileSync(join(box.home, 'airlock.yaml'), 'mode: shadow\n');
    const result = await box.run(['hook', 'claude-code', '--env', 'production'], { stdin: JSON.stringify(claudeInput('terraform destroy -auto-approve', 'default', box.cwd)) });
    expect(result).toMatchObject({ code: 0, stdout: '' });
  });

  const writes: Array<[string, Record<string, unknown>]> = [
    ['Write airlock.yaml', { tool_name: 'Write', tool_input: { file_path: '/srv/app/airlock.yaml', content: 'mode: shadow\n' } }],
    ['Edit a policy', { tool_name: 'Edit', tool_input: { file_path: '/srv/app/policies/prod.cedar', old_string: 'forbid', new_string: 'permit' } }],
    ['Edit the Claude Code settings', { tool_name: 'Edit', tool_input: { file_path: '/srv/app/.claude/settings.json', old_string: 'airlock', new_string: 'true' } }],
    ['redirect into airlock.yaml', { tool_name: 'Bash', tool_input: { command: "printf 'mode: shadow\\n' > airlock.yaml" } }],
    ['sed the user hook settings', { tool_name: 'Bash', tool_input: { command: 'sed -i s/airlock/true/ ~/.claude/settings.json' } }],
    ['delete the audit log', { tool_name: 'Bash', tool_input: { command: 'rm -rf "$AIRLOCK_HOME"' } }],
    ['delete the home directory', { tool_name: 'Bash', tool_input: { command: 'rm -rf ~' } }],
  ];
  it.each(writes)('%s is refused, even for an autonomous agent in dev', async (_label, call) => {
    const box = sandbox();
    const result = await box.run(['hook', 'claude-code', '--env', 'dev', '--autonomy', 'autonomous'], { stdin: JSON.stringify({ ...claudeInput('x', 'default'), ...call }) });
    const answer = expectCleanStdout(result) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    expect(answer.hookSpecificOutput.permissionDecision).toBe('deny');
  });

  it('says why', async () => {
    const box = sandbox();
    const result = await box.run(['hook', 'claude-code', '--env', 'dev'], { stdin: JSON.stringify({ ...claudeInput('x', 'default'), ...writes[0]![1] }) });
    expect((expectCleanStdout(result) as { hookSpecificOutput: { permissionDecisionReason: string } }).hookSpecificOutput.permissionDecisionReason).toMatch(
      /changes Airlock's own guardrails/,
    );
  });

  it('still lets the agent read its config', async () => {
    const box = sandbox();
    const result = await box.run(['hook', 'claude-code'], { stdin: JSON.stringify({ ...claudeInput('x', 'default'), tool_name: 'Bash', tool_input: { command: 'cat airlock.yaml ~/.claude/settings.json' } }) });
    expect(result).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('airlock hook codex (PreToolUse, strict answers)', () => {
  const box = sandbox();

  it('denies with a non-empty reason and no other fields', async () => {
    const result = await box.run(['hook', 'codex', '--env', 'prod'], { stdin: JSON.stringify({ ...claudeInput('terraform destroy -auto-approve'), turn_id: 't1', model: 'gpt-5.5' }) });
    expect(result.code).toBe(0);
    const answer = expectCleanStdout(result) as Record<string, unknown>;
    expect(Object.keys(answer)).toEqual(['hookSpecificOutput']);
    const specific = answer['hookSpecificOutput'] as Record<string, unknown>;
    expect(Object.keys(specific).sort()).toEqual(['hookEventName', 'permissionDecision', 'permissionDecisionReason']);
    expect(specific['permissionDecision']).toBe('deny');
    expect(String(specific['permissionDecisionReason']).length).toBeGreaterThan(20);
  });

  it('turns ask into deny (Codex runs the tool on ask)', async () => {
    const result = await box.run(['hook', 'codex', '--env', 'dev'], { stdin: JSON.stringify({ ...claudeInput('rm -rf build'), turn_id: 't1' }) });
    const answer = expectCleanStdout(result) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    expect(answer.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(answer.hookSpecificOutput.permissionDecisionReason).toMatch(/needs approval/);
  });

  it('judges the files of an apply_patch', async () => {
    const patch = '*** Begin Patch\n*** Delete File: /srv/prod/app/db/orders.sqlite\n*** End Patch\n';
    const result = await box.run(['hook', 'codex'], { stdin: JSON.stringify({ ...claudeInput(''), tool_name: 'apply_patch', tool_input: { command: patch } }) });
    const answer = expectCleanStdout(result) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    expect(answer.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(answer.hookSpecificOutput.permissionDecisionReason).toMatch(/deletes \/srv\/prod\/app\/db\/orders\.sqlite/);
  });

  it('allows with no output', async () => {
    expect(await box.run(['hook', 'codex'], { stdin: JSON.stringify(claudeInput('git status')) })).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('airlock hook gemini (BeforeTool)', () => {
  const box = sandbox();
  const gemini = (tool: string, toolInput: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ session_id: 's', transcript_path: '/t', cwd: '/srv/app', hook_event_name: 'BeforeTool', timestamp: '2026-11-24T10:00:00Z', tool_name: tool, tool_input: toolInput, ...extra });

  it('denies with {"decision":"deny","reason":…}', async () => {
    const result = await box.run(['hook', 'gemini', '--env', 'production'], { stdin: gemini('run_shell_command', { command: 'terraform destroy -auto-approve', description: 'x' }) });
    expect(result.code).toBe(0);
    const answer = expectCleanStdout(result) as { decision: string; reason: string };
    expect(answer.decision).toBe('deny');
    expect(answer.reason).toMatch(/whole production environment/);
  });

  it('turns ask into deny (an ask makes Gemini exit with no result)', async () => {
    const result = await box.run(['hook', 'gemini', '--env', 'dev'], { stdin: gemini('run_shell_command', { command: 'rm -rf build' }) });
    expect((expectCleanStdout(result) as { decision: string }).decision).toBe('deny');
  });

  it('allows explicitly', async () => {
    const result = await box.run(['hook', 'gemini'], { stdin: gemini('read_file', { file_path: 'README.md' }) });
    expect(expectCleanStdout(result)).toEqual({ decision: 'allow' });
  });

  it('reads MCP calls from mcp_context', async () => {
    const result = await box.run(['hook', 'gemini', '--env', 'production'], {
      stdin: gemini('mcp_db_drop_table', { table: 'orders' }, { mcp_context: { server_name: 'db', tool_name: 'drop_table' } }),
    });
    expect((expectCleanStdout(result) as { decision: string }).decision).toBe('deny');
  });
});

describe('airlock hook kiro (preToolUse, exit codes only)', () => {
  const box = sandbox();
  const kiro = (tool: string, toolInput: Record<string, unknown>) => JSON.stringify({ hook_event_name: 'preToolUse', cwd: '/srv/app', tool_name: tool, tool_input: toolInput });

  it('blocks with exit 2 and the reason on stderr, for the legacy and the new tool name', async () => {
    for (const tool of ['execute_bash', 'shell']) {
      const result = await box.run(['hook', 'kiro', '--env', 'production'], { stdin: kiro(tool, { command: 'terraform destroy -auto-approve' }) });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/whole production environment/);
    }
  });

  it('judges use_aws as the equivalent AWS CLI call', async () => {
    const result = await box.run(['hook', 'kiro'], {
      stdin: kiro('use_aws', { service_name: 'rds', operation_name: 'delete-db-instance', parameters: { DBInstanceIdentifier: 'orders', SkipFinalSnapshot: true }, profile_name: 'prod', region: 'eu-west-1', label: 'x' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/orders/);
  });

  it('lets a read run (exit 0, nothing printed)', async () => {
    expect(await box.run(['hook', 'kiro'], { stdin: kiro('fs_read', { operations: [{ mode: 'Line', path: '/srv/app/README.md' }] }) })).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });
});

describe('airlock hook cursor', () => {
  const box = sandbox();
  const base = { conversation_id: 'c1', generation_id: 'g1', cursor_version: '3.20', workspace_roots: ['/srv/app'] };

  it('denies instead of asking on beforeShellExecution (ask is reported ignored in some Cursor modes)', async () => {
    const result = await box.run(['hook', 'cursor', '--env', 'dev'], { stdin: JSON.stringify({ ...base, hook_event_name: 'beforeShellExecution', command: 'rm -rf build', cwd: '/srv/app' }) });
    expect(expectCleanStdout(result)).toMatchObject({ permission: 'deny', user_message: expect.stringMatching(/needs approval/) });
  });

  it('denies instead of asking on preToolUse (ask is not enforced there)', async () => {
    const result = await box.run(['hook', 'cursor', '--env', 'dev'], {
      stdin: JSON.stringify({ ...base, hook_event_name: 'preToolUse', tool_name: 'Shell', tool_input: { command: 'rm -rf build', working_directory: '/srv/app' }, tool_use_id: 't' }),
    });
    expect(expectCleanStdout(result)).toMatchObject({ permission: 'deny', agent_message: expect.stringMatching(/needs approval/) });
  });

  it('allows explicitly, and accepts MCP tool_input as a JSON string', async () => {
    const result = await box.run(['hook', 'cursor'], { stdin: JSON.stringify({ ...base, hook_event_name: 'beforeMCPExecution', tool_name: 'list_tables', tool_input: '{"schema":"public"}', url: 'http://db-mcp' }) });
    expect(expectCleanStdout(result)).toEqual({ permission: 'allow' });
  });

  it('strips a UTF-8 byte-order mark (Cursor on Windows)', async () => {
    const result = await box.run(['hook', 'cursor'], { stdin: `\ufeff${JSON.stringify({ ...base, hook_event_name: 'beforeReadFile', file_path: '/srv/app/a.ts' })}` });
    expect(expectCleanStdout(result)).toEqual({ permission: 'allow' });
  });
});
