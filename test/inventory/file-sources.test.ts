import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixtures.js';
import { sandbox, type Sandbox } from '../support/run-airlock.js';

/**
 * The inventory from recorded real formats (`kubectl get -A -o json`, `terraform show -json` of a
 * state, `describe-stack-resources` with its template), read by the real `airlock inventory
 * refresh` from a file and from a command, then used by `airlock check`.
 */
const KUBE = join(FIXTURES, 'inventory', 'kubernetes');
const INVENTORY = join(FIXTURES, 'inventory');

let box: Sandbox;

interface Out {
  decision: string;
  severity: string;
  effects: Array<{ operation: string; destroysData: boolean; outage?: boolean; resource: { address: string }; summary: string }>;
  blastRadius: { direct: string[]; dependents: Array<{ address: string; path: string[]; via?: string[] }>; customerFacingAtRisk: string[] };
}

async function check(...args: string[]): Promise<Out> {
  const result = await box.run(['check', ...args, '--env', 'production', '--json']);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Out;
}

const reached = (out: Out) => out.blastRadius.dependents.map((d) => d.address);

beforeAll(async () => {
  box = sandbox();
  // The cluster snapshot comes from a command printing both lists as one array (as `jq -s` would).
  const printSnapshot = `process.stdout.write(JSON.stringify(['payments.list.json', 'payments-widgets.list.json'].map((f) => JSON.parse(require('fs').readFileSync(require('path').join(${JSON.stringify(KUBE)}, f), 'utf8')))))`;
  writeFileSync(
    join(box.cwd, 'airlock.yaml'),
    [
      'environments:',
      '  production: { production: true }',
      'inventory:',
      '  sources:',
      `    prod-cluster: { type: kubernetes, environment: production, command: [${JSON.stringify(process.execPath)}, -e, ${JSON.stringify(printSnapshot)}] }`,
      `    shop-state: { type: terraform, environment: production, file: ${JSON.stringify(join(INVENTORY, 'terraform', 'shop-prod.state.json'))} }`,
      `    orders-stack: { type: cloudformation, environment: production, file: ${JSON.stringify(join(INVENTORY, 'cloudformation', 'orders-prod.stack-resources.json'))}, template: ${JSON.stringify(join(INVENTORY, 'cloudformation', 'orders-prod.template.yaml'))} }`,
      `    dev-cluster: { type: kubernetes, environment: dev, file: ${JSON.stringify(join(KUBE, 'payments.list.json'))} }`,
      '',
    ].join('\n'),
  );
  const refresh = await box.run(['inventory', 'refresh', '--json']);
  expect(refresh.stderr).toBe('');
  expect(refresh.code).toBe(0);
});

describe('a Kubernetes snapshot behind kubectl', () => {
  it('a namespace deletion reaches every object in it, custom resources included', async () => {
    const out = await check('shell', 'kubectl delete namespace payments');
    expect(['ask', 'deny']).toContain(out.decision);
    expect(reached(out)).toEqual(
      expect.arrayContaining(['payments/deployment/api', 'payments/pod/postgres-0', 'payments/persistentvolumeclaim/data-postgres-0', 'payments/service/api', 'payments/ingress/payments', 'payments/widget/blue']),
    );
    expect(reached(out).some((address) => address.startsWith('shop/'))).toBe(false);
    expect(out.blastRadius.customerFacingAtRisk).toEqual(expect.arrayContaining(['payments/service/api', 'payments/ingress/payments']));
  });

  it('scaling the API to zero is an outage of the Service and Ingress in front of it', async () => {
    const out = await check('shell', 'kubectl scale deployment api --replicas=0 -n payments');
    expect(out.effects[0]).toMatchObject({ operation: 'update', outage: true, resource: { address: 'payments/deployment/api' } });
    expect(out.blastRadius.customerFacingAtRisk).toEqual(expect.arrayContaining(['payments/service/api', 'payments/ingress/payments']));
    const ingress = out.blastRadius.dependents.find((d) => d.address === 'payments/ingress/payments');
    expect(ingress?.path).toEqual(['payments/deployment/api', 'payments/service/api', 'payments/ingress/payments']);
    expect(ingress?.via).toEqual(['selects the pods of', 'routes to']);
    expect(['ask', 'deny']).toContain(out.decision);
  });

  it('deleting a claim is judged by its volume reclaim policy', async () => {
    const deleted = await check('shell', 'kubectl delete pvc data-postgres-0 -n payments');
    expect(deleted.effects[0]).toMatchObject({ destroysData: true });
    expect(deleted.effects[0]!.summary).toMatch(/reclaimPolicy Delete/);
    expect(reached(deleted)).toContain('persistentvolume/pvc-3f6e8a1c-7b2d-4c9e-8f1a-5d3b7e9c2a20');
    const retained = await check('shell', 'kubectl delete pvc uploads -n shop');
    expect(retained.effects[0]).toMatchObject({ destroysData: false });
    expect(retained.effects[0]!.summary).toMatch(/reclaimPolicy Retain/);
  });

  it('deleting a CRD reaches every custom resource of it', async () => {
    const out = await check('shell', 'kubectl delete crd widgets.example.com');
    expect(reached(out).sort()).toEqual(['payments/widget/blue', 'payments/widget/green']);
    expect(['ask', 'deny']).toContain(out.decision);
  });

  it('an object named without -n is matched in whichever namespace has it', async () => {
    const out = await check('shell', 'kubectl delete deployment storefront');
    expect(out.effects[0]!.resource.address).toBe('shop/deployment/storefront');
    expect(reached(out)).toContain('shop/service/storefront');
  });

  it('the inventory of another environment is not used', async () => {
    const result = await box.run(['check', 'shell', 'kubectl delete namespace payments', '--env', 'staging', '--json']);
    expect(JSON.parse(result.stdout).blastRadius.dependents).toEqual([]);
  });
});

describe('a Terraform state and a CloudFormation stack', () => {
  it('a targeted replace of the database reaches what depends on it in the state', async () => {
    const out = await check('shell', 'terraform apply -replace=module.db.aws_db_instance.main -auto-approve');
    expect(reached(out)).toEqual(expect.arrayContaining(['aws_ecs_service.web', 'aws_ecs_task_definition.web']));
    expect(out.decision).toBe('deny');
  });

  it('a change set replacing only the database reaches the resources whose template references it', async () => {
    const changeSet = JSON.parse(readFileSync(join(FIXTURES, 'cloudformation', 'prod-db-replace.change-set.json'), 'utf8'));
    // Only the database's own change: what else it reaches comes from the stack's template.
    changeSet.Changes = changeSet.Changes.filter((change: { ResourceChange: { LogicalResourceId: string } }) => change.ResourceChange.LogicalResourceId === 'OrdersDatabase');
    const file = join(box.cwd, 'payload.json');
    writeFileSync(file, JSON.stringify({ changeSet }));
    const out = await check('payload', 'cloudformation', file);
    expect(['ask', 'deny']).toContain(out.decision);
    expect(out.blastRadius.direct).toEqual(['orders-prod/OrdersDatabase']);
    const service = out.blastRadius.dependents.find((d) => d.address === 'orders-prod/OrdersApiService');
    expect(service?.path).toEqual(['orders-prod/OrdersDatabase', 'orders-prod/OrdersApiTaskDefinition', 'orders-prod/OrdersApiService']);
    expect(service?.via).toEqual(['references', 'references']);
  });
});

describe('inventory show', () => {
  it('lists each source with its environment and size', async () => {
    const result = await box.run(['inventory', 'show']);
    expect(result.stdout).toMatch(/^prod-cluster\s+kubernetes\s+production\s+\d+ resources/m);
    expect(result.stdout).toMatch(/^shop-state\s+terraform\s+production\s+\d+ resources/m);
    expect(result.stdout).toMatch(/^orders-stack\s+cloudformation\s+production\s+\d+ resources/m);
    expect(result.stdout).toMatch(/^dev-cluster\s+kubernetes\s+dev\s+\d+ resources/m);
  });

  it('shows a Service and what it depends on', async () => {
    const result = await box.run(['inventory', 'show', 'payments/service/api', '--env', 'production', '--json']);
    const found = JSON.parse(result.stdout);
    expect(found.node).toMatchObject({ kind: 'kubernetes.service', customerFacing: true });
    expect(found.dependsOn).toEqual(expect.arrayContaining([{ from: 'payments/service/api', to: 'payments/deployment/api', via: 'selects the pods of' }]));
    expect(found.paths).toContain('payments/ingress/payments → routes to → payments/service/api');
  });

  it('a failing command is reported with its output, and the exit code says so', async () => {
    writeFileSync(join(box.cwd, 'bad.yaml'), `inventory:\n  sources:\n    c: { type: kubernetes, command: [${JSON.stringify(process.execPath)}, -e, "console.error('Unable to connect to the server'); process.exit(1)"] }\n`);
    const result = await box.run(['inventory', 'refresh', '--config', 'bad.yaml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/c \(kubernetes\): FAILED — .* failed: Unable to connect to the server/);
  });

  it('a source that is not JSON is refused with a hint', async () => {
    writeFileSync(join(box.cwd, 'nojson.yaml'), `inventory:\n  sources:\n    c: { type: terraform, command: [${JSON.stringify(process.execPath)}, -e, "console.log('No state.')"] }\n`);
    const result = await box.run(['inventory', 'refresh', '--config', 'nojson.yaml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/did not give JSON/);
  });

  it('a config with both file and command is refused when loaded', async () => {
    writeFileSync(join(box.cwd, 'both.yaml'), 'inventory:\n  sources:\n    c: { type: terraform, file: a.json, command: [cat, a.json] }\n');
    const result = await box.run(['inventory', 'refresh', '--config', 'both.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/exactly one of `file` or `command`/);
  });
});
