import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, sandbox } from '../support/run-airlock.js';

describe('airlock policy validate', () => {
  it('accepts the default pack', async () => {
    const result = await sandbox().run(['policy', 'validate']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok: \d+ policies/);
  });

  it('reports schema errors with file and line', async () => {
    const box = sandbox();
    writeFileSync(join(box.cwd, 'mine.cedar'), '@id("ok")\npermit (principal, action, resource) when { context.readOnly };\n\n@id("typo")\nforbid (principal, action, resource)\nwhen { context.blastRadius.totl > 10 };\n');
    const result = await box.run(['policy', 'validate', 'mine.cedar']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^mine\.cedar:6:\d+: .*totl/m);
  });

  it('validates the files named in airlock.yaml', async () => {
    const box = sandbox();
    mkdirSync(join(box.cwd, 'policies'));
    writeFileSync(join(box.cwd, 'policies', 'bad.cedar'), 'permit (principal, action == Airlock::Action::"deploy", resource);\n');
    writeFileSync(join(box.cwd, 'airlock.yaml'), 'policies:\n  files: [policies]\n');
    const result = await box.run(['policy', 'validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/policies\/bad\.cedar:1:\d+:/);
  });

  it('makes every check fail with a clear error while a policy is invalid', async () => {
    const box = sandbox();
    writeFileSync(join(box.cwd, 'bad.cedar'), 'permit (principal, action, resource) when { context.nope };\n');
    writeFileSync(join(box.cwd, 'airlock.yaml'), 'policies:\n  files: [bad.cedar]\n');
    const result = await box.run(['check', 'shell', 'ls']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.cedar:1/);
  });
});

describe('airlock test (scenarios)', () => {
  it('replays the shipped scenarios: all pass', async () => {
    const result = await sandbox().run(['test', join(REPO, 'scenarios')]);
    expect(result.stdout).toMatch(/(\d+) passed, 0 failed\n$/);
    expect(result.code).toBe(0);
  });

  it('reports a failing step and exits non-zero', async () => {
    const box = sandbox();
    writeFileSync(
      join(box.cwd, 'mine.yaml'),
      'name: wrong expectation\nsteps:\n  - { kind: shell, command: "terraform destroy -auto-approve", environment: production, expect: allow }\n  - { kind: shell, command: ls, expect: allow }\n',
    );
    const result = await box.run(['test', 'mine.yaml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL {2}wrong expectation › step 1: terraform destroy -auto-approve — deny \(critical\)/);
    expect(result.stdout).toMatch(/expected allow, got deny/);
    expect(result.stdout).toMatch(/1 passed, 1 failed\n$/);
  });

  it('reports an invalid scenario file as a failure, naming the field', async () => {
    const box = sandbox();
    writeFileSync(join(box.cwd, 'broken.yaml'), 'name: x\nsteps:\n  - { kind: shell, command: ls, expect: maybe }\n');
    const result = await box.run(['test', 'broken.yaml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/steps\.0\.expect/);
  });
});

describe('airlock start', () => {
  it('refuses to start the gateway on a broken config, naming the field (exit 1)', async () => {
    const box = sandbox();
    writeFileSync(join(box.cwd, 'airlock.yaml'), 'approvals:\n  agentWaits: forever\n');
    const result = await box.run(['start', '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/airlock\.yaml:2: approvals\.agentWaits/);
  });

  it('says what to do when the port is taken (exit 1)', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as { port: number }).port;
      const result = await sandbox().run(['start', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/another process .* uses the port/);
    } finally {
      blocker.close();
    }
  });
});

describe('config errors reach the user', () => {
  it('names the field of an invalid airlock.yaml (exit 1)', async () => {
    const box = sandbox();
    writeFileSync(join(box.cwd, 'airlock.yaml'), 'defaults:\n  autonomy: reckless\n');
    const result = await box.run(['check', 'shell', 'ls']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/airlock\.yaml:2: defaults\.autonomy: must be one of observe, supervised, guarded, autonomous/);
  });
});
