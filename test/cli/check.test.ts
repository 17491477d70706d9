import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixtures.js';
import { sandbox } from '../support/run-airlock.js';

const plan = (name: string) => join(FIXTURES, 'terraform', `${name}.plan.json`);

describe('airlock check shell', () => {
  const box = sandbox();

  it('allows a read (exit 0) and explains it', async () => {
    const result = await box.run(['check', 'shell', 'ls -la']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ALLOW/);
    expect(result.stdout).toMatch(/only reads/);
  });

  it('denies terraform destroy -auto-approve in production (exit 2) and says why', async () => {
    const result = await box.run(['check', 'shell', 'terraform destroy -auto-approve', '--env', 'prod']);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^DENY/);
    expect(result.stdout).toMatch(/destroys or recreates the whole prod environment/);
    expect(result.stdout).toMatch(/incident-environment-wide-destruction/);
  });

  it('prints one JSON object with the contract fields', async () => {
    const result = await box.run(['check', 'shell', 'rm -rf ./build', '--env', 'dev', '--json']);
    expect(result.code).toBe(3);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    for (const field of ['decision', 'severity', 'effects', 'blastRadius', 'reasons', 'policies', 'digest']) expect(json).toHaveProperty(field);
    expect(json['decision']).toBe('ask');
    expect(json['effects']).toEqual([expect.objectContaining({ operation: 'delete', reversible: false, destroysData: true, resource: expect.objectContaining({ kind: 'file' }) })]);
    expect(json['digest']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same digest for equivalent spellings and a different one for a different command', async () => {
    const digest = async (command: string) => (JSON.parse((await box.run(['check', 'shell', command, '--env', 'dev', '--json'])).stdout) as { digest: string }).digest;
    expect(await digest("ls   -la  'src'")).toBe(await digest('ls -la src'));
    expect(await digest('ls -la src')).not.toBe(await digest('ls -la srv'));
  });

  it('honours AIRLOCK_ENV and AIRLOCK_AGENT like --env and --agent', async () => {
    const result = await box.run(['check', 'shell', 'terraform destroy', '--json'], { env: { AIRLOCK_ENV: 'production', AIRLOCK_AGENT: 'ci-bot' } });
    const json = JSON.parse(result.stdout) as { environment: { name: string }; agent: string };
    expect(json.environment.name).toBe('production');
    expect(json.agent).toBe('ci-bot');
  });

  it('rejects a bad autonomy level as a usage error (exit 1)', async () => {
    const result = await box.run(['check', 'shell', 'ls', '--autonomy', 'yolo']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Allowed choices are observe, supervised, guarded, autonomous/);
  });
});

describe('airlock check terraform', () => {
  const box = sandbox();

  it('denies the production replace of database, load balancer and services, listing the blast radius', async () => {
    const result = await box.run(['check', 'terraform', plan('incident-prod-replace'), '--json']);
    expect(result.code).toBe(2);
    const json = JSON.parse(result.stdout) as {
      decision: string;
      environment: { name: string; production: boolean };
      effects: Array<{ operation: string; destroysData: boolean; resource: { address: string } }>;
      blastRadius: { dependents: Array<{ address: string; path: string[] }>; total: number };
    };
    expect(json.decision).toBe('deny');
    expect(json.environment).toMatchObject({ name: 'production', production: true });
    expect(json.effects.find((e) => e.resource.address === 'aws_db_instance.orders')).toMatchObject({ operation: 'replace', destroysData: true });
    expect(json.blastRadius.dependents.map((d) => d.address)).toEqual(expect.arrayContaining(['aws_ecs_task_definition.orders_api', 'aws_route53_record.app', 'aws_lb_listener.https']));
  });

  it('explains it in plain words', async () => {
    const result = await box.run(['check', 'terraform', plan('incident-prod-replace')]);
    expect(result.stdout).toMatch(/replaces aws_db_instance\.orders \(destroy and re-create\)/);
    expect(result.stdout).toMatch(/How far it reaches: \d+ resources/);
    expect(result.stdout).toMatch(/aws_route53_record\.app → depends on \(state\) → aws_lb\.public/);
  });

  it('only asks for the same plan in dev under guarded', async () => {
    const result = await box.run(['check', 'terraform', plan('incident-dev-replace'), '--env', 'dev', '--json']);
    expect(result.code).toBe(3);
    const json = JSON.parse(result.stdout) as { decision: string; environment: { name: string }; effects: Array<{ destroysData: boolean }> };
    expect(json.decision).toBe('ask');
    expect(json.environment.name).toBe('dev');
    expect(json.effects.some((e) => e.destroysData)).toBe(true);
  });

  it('judges a plan tagged production as production even under --env dev', async () => {
    const result = await box.run(['check', 'terraform', plan('incident-prod-replace'), '--env', 'dev', '--json']);
    expect(result.code).toBe(2);
    expect((JSON.parse(result.stdout) as { environment: { name: string } }).environment.name).toBe('production');
  });

  it('reads the plan from stdin with -', async () => {
    const result = await box.run(['check', 'terraform', '-', '--json'], { stdin: readFileSync(plan('prod-tag-update')) });
    expect(result.code).toBe(0);
  });

  it.each([
    ['garbage', 'this is not json', /not valid JSON/],
    ['truncated JSON', '{"format_version":"1.2","resource_changes":[{"address"', /not valid JSON/],
    ['JSON that is not a plan', '{"hello":"world"}', /not a Terraform plan/],
    ['an empty file', '', /is empty/],
  ])('rejects %s with exit 1 and a clear message', async (_label, text, message) => {
    const file = join(box.cwd, 'bad.json');
    writeFileSync(file, text);
    const result = await box.run(['check', 'terraform', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('refuses a 50 MB plan with exit 1 before reading it', async () => {
    const file = join(box.cwd, 'huge.json');
    writeFileSync(file, Buffer.alloc(50 * 1024 * 1024, 0x20));
    const result = await box.run(['check', 'terraform', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/50 MiB, more than the 32 MiB limit/);
  });

  it('names a missing plan file', async () => {
    const result = await box.run(['check', 'terraform', 'nope.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot read .*nope\.json/);
  });
});

describe('airlock check sql', () => {
  const box = sandbox();

  it('decides SQL given as an argument, from a file, or on stdin', async () => {
    const argument = await box.run(['check', 'sql', 'DROP TABLE customers CASCADE', '--env', 'production', '--json']);
    expect([2, 3]).toContain(argument.code);
    const stdin = await box.run(['check', 'sql', '--file', '-', '--env', 'production', '--json'], { stdin: '-- tidy up\nDROP TABLE customers CASCADE' });
    expect(JSON.parse(stdin.stdout).effects[0]).toMatchObject({ operation: 'delete', destroysData: true });
    expect(JSON.parse(stdin.stdout).decision).toBe(JSON.parse(argument.stdout).decision);
  });

  it('explains how to pass SQL that begins with a -- comment, and refuses both or neither', async () => {
    const dashed = await box.run(['check', 'sql', '-- note\nDROP TABLE y', '--env', 'production']);
    expect(dashed.code).toBe(1);
    expect(dashed.stderr).toMatch(/--file -/);
    const neither = await box.run(['check', 'sql']);
    expect(neither.code).toBe(1);
    expect(neither.stderr).toMatch(/no SQL given/);
  });
});
