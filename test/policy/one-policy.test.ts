import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixtures.js';
import { sandbox, type Sandbox } from '../support/run-airlock.js';

/**
 * One policy across every kind: the default Cedar pack judges a production namespace delete, a
 * DROP TABLE … CASCADE, a CloudFormation replace of a database, a `gcloud sql instances delete`,
 * a Pulumi replace of a database and the incident's Terraform replace by the same facts (data loss
 * in production, customer-facing resources at risk) — so they land in the same class of decision,
 * whatever the kind. Run through the real binary with the shipped pack and no configuration.
 */
interface Out {
  decision: string;
  severity: string;
  environment: { name: string; production: boolean };
  effects: Array<{ destroysData: boolean }>;
  policies: Array<{ id: string }>;
  approvals?: { count: number };
  blastRadius: { customerFacingAtRisk: string[] };
}

let box: Sandbox;

beforeAll(() => {
  box = sandbox();
});

async function check(args: string[]): Promise<Out> {
  const result = await box.run(['check', ...args, '--json']);
  expect(result.stderr).toBe('');
  expect([2, 3]).toContain(result.code);
  return JSON.parse(result.stdout) as Out;
}

function payloadFile(name: string, payload: unknown): string {
  const path = join(box.cwd, `${name}.json`);
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

const fixture = (...parts: string[]) => JSON.parse(readFileSync(join(FIXTURES, ...parts), 'utf8')) as unknown;

/** Data loss in production, below autonomous: two approvers at least, or refused outright. */
function expectProductionDataLossClass(out: Out): void {
  expect(out.environment.production).toBe(true);
  expect(out.effects.some((effect) => effect.destroysData)).toBe(true);
  const ids = out.policies.map((policy) => policy.id);
  if (out.decision === 'ask') {
    expect(ids).toContain('production-data-loss-asks');
    expect(out.approvals?.count).toBeGreaterThanOrEqual(2);
  } else {
    expect(out.decision).toBe('deny');
    expect(ids.some((id) => id.startsWith('incident-') || id === 'critical-severity-refused')).toBe(true);
  }
}

describe('one policy across all kinds (default pack, production, autonomy guarded)', () => {
  it.each<[string, () => string[]]>([
    ['the incident: a Terraform plan replacing the database', () => ['terraform', join(FIXTURES, 'terraform', 'incident-prod-replace.plan.json')]],
    ['a production namespace delete (kubectl)', () => ['shell', 'kubectl delete namespace payments --context prod-eu']],
    ['a production namespace delete (manifest)', () => ['payload', 'kubernetes', payloadFile('ns', { action: 'delete', manifest: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n', context: 'prod-eu' })]],
    ['DROP TABLE … CASCADE in production', () => ['sql', 'DROP TABLE customers CASCADE', '--env', 'production']],
    ['a CloudFormation change set replacing the database', () => ['payload', 'cloudformation', payloadFile('cfn', { changeSet: fixture('cloudformation', 'prod-db-replace.change-set.json') })]],
    ['gcloud sql instances delete in a production project', () => ['shell', 'gcloud sql instances delete orders-db --project shop-prod --quiet']],
    ['az sql db delete in a production resource group', () => ['shell', 'az sql db delete -g rg-prod -s orders -n orders --yes --subscription shop-prod']],
    ['a Pulumi preview replacing the database', () => ['payload', 'pulumi', payloadFile('pulumi', fixture('pulumi', 'prod-db-replace.preview.json'))]],
  ])('%s', async (_name, args) => {
    expectProductionDataLossClass(await check(args()));
  });

  it('with customer-facing services depending on it, each is refused outright, as the incident is', async () => {
    const kube = join(FIXTURES, 'inventory', 'kubernetes', 'payments.list.json');
    writeFileSync(
      join(box.cwd, 'airlock.yaml'),
      [
        'environments:',
        '  production: { production: true, match: { kubeContexts: ["prod-*"] } }',
        'inventory:',
        '  sources:',
        `    prod-cluster: { type: kubernetes, environment: production, file: ${JSON.stringify(kube)} }`,
        '  services:',
        '    storefront: { environment: production, customerFacing: true, dependsOn: [{ resource: customers, via: reads }] }',
        '',
      ].join('\n'),
    );
    const refresh = await box.run(['inventory', 'refresh']);
    expect(refresh.code).toBe(0);
    for (const args of [
      ['shell', 'kubectl delete namespace payments --context prod-eu'],
      ['sql', 'DROP TABLE customers CASCADE', '--env', 'production'],
    ]) {
      const out = await check(args);
      expect(out.decision, args.join(' ')).toBe('deny');
      expect(out.severity).toBe('critical');
      expect(out.policies.map((policy) => policy.id)).toContain('incident-customer-facing-data-loss');
      expect(out.blastRadius.customerFacingAtRisk.length).toBeGreaterThan(0);
    }
  });
});
