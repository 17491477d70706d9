import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sandbox } from '../support/run-airlock.js';

describe('airlock audit', () => {
  it('records every check, verifies the chain, and names an edited record', async () => {
    const box = sandbox();
    await box.run(['check', 'shell', 'ls']);
    await box.run(['check', 'shell', 'terraform destroy -auto-approve', '--env', 'prod']);
    await box.run(['check', 'shell', 'git status']);

    const listed = await box.run(['audit', 'list', '--json']);
    const rows = JSON.parse(listed.stdout) as Array<{ seq: number; decision: string; body: { change: { payload: { command: string } } } }>;
    expect(rows.map((r) => [r.seq, r.decision, r.body.change.payload.command])).toEqual([
      [3, 'allow', 'git status'],
      [2, 'deny', 'terraform destroy -auto-approve'],
      [1, 'allow', 'ls'],
    ]);

    const ok = await box.run(['audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/ok: 3 records, hash chain intact/);

    // Someone with access to the file turns the deny into an allow.
    const db = new Database(join(box.home, 'audit.db'));
    db.prepare("UPDATE audit_records SET decision = 'allow', enforced = 'allow' WHERE seq = 2").run();
    db.close();

    const broken = await box.run(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/record #2 \([0-9a-f-]{36}\) was altered/);
  });

  it('lists with filters in human form', async () => {
    const box = sandbox();
    await box.run(['check', 'shell', 'ls', '--agent', 'alice-bot']);
    await box.run(['check', 'shell', 'rm -rf /srv/x', '--agent', 'bob-bot', '--env', 'prod']);
    const result = await box.run(['audit', 'list', '--agent', 'bob-bot']);
    expect(result.stdout).toMatch(/#2 .* ask .*bob-bot@prod .*rm -rf \/srv\/x/);
    expect(result.stdout).not.toMatch(/alice-bot/);
  });
});

describe('airlock audit without a log', () => {
  it('verify fails (a deleted log must not verify) and names the path; nothing is created', async () => {
    const box = sandbox();
    const verify = await box.run(['audit', 'verify']);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/there is no audit log at .*audit\.db/);
    const list = await box.run(['audit', 'list']);
    expect(list.code).toBe(1);
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(box.home, 'audit.db'))).toBe(false);
  });
});

describe('shadow mode', () => {
  it('lets the agent through, records what enforcement would have done, and lists it with --would-block', async () => {
    const box = sandbox();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(box.cwd, 'airlock.yaml'), 'mode: shadow\n');
    const result = await box.run(['check', 'shell', 'terraform destroy -auto-approve', '--env', 'prod', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: 'deny', enforced: 'allow', mode: 'shadow' });
    await box.run(['check', 'shell', 'ls']);
    const blocked = await box.run(['audit', 'list', '--would-block', '--json']);
    const rows = JSON.parse(blocked.stdout) as Array<{ decision: string; enforced: string; wouldBlock: boolean }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ decision: 'deny', enforced: 'allow', wouldBlock: true });
  });

  it('runs a shadow policy set beside the enforced one', async () => {
    const box = sandbox();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(box.cwd, 'trial.cedar'), '@id("trial-no-git-commit")\n@reason("trialling: no commits")\nforbid (principal, action, resource) when { context.operations.contains("update") };\n');
    writeFileSync(join(box.cwd, 'airlock.yaml'), 'policies:\n  shadow: [trial.cedar]\n');
    const result = await box.run(['check', 'shell', 'git commit -m x', '--env', 'dev', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: 'allow', shadow: { decision: 'deny' } });
    const blocked = await box.run(['audit', 'list', '--would-block']);
    expect(blocked.stdout).toMatch(/git commit -m x \[would block\]/);
  });
});
