import { describe, expect, it } from 'vitest';
import type { Effect } from '../model/index.js';
import { computeBlastRadius } from './blast-radius.js';
import { declaredParts } from './declared-services.js';
import type { InventoryPart } from './inventory-model.js';
import { joinInventory, partsFor } from './join-inventory.js';

function part(partial: Partial<InventoryPart> & Pick<InventoryPart, 'nodes' | 'edges'>): InventoryPart {
  return { source: 's', type: 'test', environment: 'production', refreshedAt: '2026-11-24T00:00:00Z', ...partial };
}

function drop(kind: string, address: string, extra: Partial<Effect> = {}): Effect {
  return { operation: 'delete', resource: { kind, address }, reversible: false, destroysData: true, summary: `drops ${address}`, ...extra };
}

const SHOP = part({
  source: 'shop-db',
  type: 'postgres',
  database: 'shop',
  searchPath: ['app', 'public'],
  nodes: [
    { address: 'shop.app.customers', kind: 'sql.table', dataBearing: true },
    { address: 'shop.public.customers', kind: 'sql.table', dataBearing: true },
    { address: 'shop.archive.customers', kind: 'sql.table', dataBearing: true },
    { address: 'shop.app.orders', kind: 'sql.table', dataBearing: true },
    { address: 'shop.app.order_totals', kind: 'sql.view' },
  ],
  edges: [
    { from: 'shop.app.orders', to: 'shop.app.customers', via: 'references (foreign key orders_customer_fkey)' },
    { from: 'shop.app.order_totals', to: 'shop.app.orders', via: 'reads (view)' },
  ],
});

describe('joinInventory: SQL names', () => {
  it('takes the first schema on the search path for an unqualified name, as PostgreSQL does', () => {
    const { effects } = joinInventory([drop('sql.table', 'customers')], undefined, [SHOP]);
    expect(effects[0]!.resource.address).toBe('shop.app.customers');
    expect(effects[0]!.evidence).toBe('customers');
  });

  it('takes a schema-qualified name as written', () => {
    expect(joinInventory([drop('sql.table', 'archive.customers')], undefined, [SHOP]).effects[0]!.resource.address).toBe('shop.archive.customers');
    expect(joinInventory([drop('sql.table', 'shop.public.customers')], undefined, [SHOP]).effects[0]!.resource.address).toBe('shop.public.customers');
  });

  it('links every candidate when a name is ambiguous and no search path decides, so none is missed', () => {
    const noPath = { ...SHOP, searchPath: [] };
    const joined = joinInventory([drop('sql.table', 'customers')], undefined, [noPath]);
    expect(joined.effects[0]!.resource.address).toBe('customers');
    const radius = computeBlastRadius(joined.effects, joined.graph, { wholeEnvironmentThreshold: 1 });
    expect(radius.dependents.map((d) => d.address)).toEqual(
      expect.arrayContaining(['shop.app.customers', 'shop.public.customers', 'shop.archive.customers', 'shop.app.orders', 'shop.app.order_totals']),
    );
  });

  it('gives a dropped column the dependents of its table', () => {
    const joined = joinInventory([drop('sql.column', 'orders.total')], undefined, [SHOP]);
    expect(joined.effects[0]!.resource.address).toBe('shop.app.orders.total');
    const radius = computeBlastRadius(joined.effects, joined.graph, { wholeEnvironmentThreshold: 1 });
    expect(radius.dependents.find((d) => d.address === 'shop.app.order_totals')?.via).toEqual(['has column', 'reads (view)']);
  });

  it('leaves names the inventory does not know as they are', () => {
    const joined = joinInventory([drop('sql.table', 'nope')], undefined, [SHOP]);
    expect(joined.effects[0]!.resource.address).toBe('nope');
  });
});

const CLUSTER = part({
  source: 'prod-cluster',
  type: 'kubernetes',
  nodes: [
    { address: 'namespace/payments', kind: 'kubernetes.namespace' },
    { address: 'payments/deployment/api', kind: 'kubernetes.deployment' },
    { address: 'payments/deployment/worker', kind: 'kubernetes.deployment' },
    { address: 'payments/service/api', kind: 'kubernetes.service', customerFacing: true },
    { address: 'payments/persistentvolumeclaim/data-db-0', kind: 'kubernetes.persistentvolumeclaim', dataBearing: true, tags: { volumeName: 'pvc-1', reclaimPolicy: 'Retain' } },
    { address: 'payments/persistentvolumeclaim/scratch', kind: 'kubernetes.persistentvolumeclaim', dataBearing: true, tags: { volumeName: 'pvc-2', reclaimPolicy: 'Delete' } },
  ],
  edges: [
    { from: 'payments/deployment/api', to: 'namespace/payments', via: 'is in namespace' },
    { from: 'payments/deployment/worker', to: 'namespace/payments', via: 'is in namespace' },
    { from: 'payments/service/api', to: 'namespace/payments', via: 'is in namespace' },
    { from: 'payments/service/api', to: 'payments/deployment/api', via: 'selects the pods of' },
  ],
});

describe('joinInventory: Kubernetes', () => {
  it('a namespace deletion reaches everything in it', () => {
    const joined = joinInventory([drop('kubernetes.namespace', 'namespace/payments')], undefined, [CLUSTER]);
    const radius = computeBlastRadius(joined.effects, joined.graph, { wholeEnvironmentThreshold: 1 });
    expect(radius.dependents.map((d) => d.address).sort()).toEqual(['payments/deployment/api', 'payments/deployment/worker', 'payments/service/api']);
    // Everything in it goes: the customer-facing Service with it.
    expect(radius.customerFacingAtRisk).toEqual(['payments/service/api']);
  });

  it('scaling a Deployment to zero puts the Services that select it at risk', () => {
    const scale: Effect = { operation: 'update', resource: { kind: 'kubernetes.deployment', address: '(current namespace)/deployment/api' }, reversible: false, destroysData: false, outage: true, summary: 'scales api to 0' };
    const joined = joinInventory([scale], undefined, [CLUSTER]);
    expect(joined.effects[0]!.resource.address).toBe('payments/deployment/api');
    const radius = computeBlastRadius(joined.effects, joined.graph, { wholeEnvironmentThreshold: 1 });
    expect(radius.dependents).toEqual([{ address: 'payments/service/api', path: ['payments/deployment/api', 'payments/service/api'], via: ['selects the pods of'], customerFacing: true }]);
    expect(radius.customerFacingAtRisk).toEqual(['payments/service/api']);
  });

  it('--all reaches every object of the kind in the namespace', () => {
    const joined = joinInventory([drop('kubernetes.deployment', 'payments/deployment/*', { destroysData: false })], undefined, [CLUSTER]);
    const radius = computeBlastRadius(joined.effects, joined.graph, { wholeEnvironmentThreshold: 1 });
    expect(radius.dependents.map((d) => d.address).sort()).toEqual(['payments/deployment/api', 'payments/deployment/worker', 'payments/service/api']);
  });

  it('judges a claim by its volume reclaim policy when the inventory knows it', () => {
    const [retained] = joinInventory([drop('kubernetes.persistentvolumeclaim', 'payments/persistentvolumeclaim/data-db-0')], undefined, [CLUSTER]).effects;
    expect(retained).toMatchObject({ destroysData: false });
    expect(retained!.summary).toMatch(/volume pvc-1 has reclaimPolicy Retain/);
    const [deleted] = joinInventory([drop('kubernetes.persistentvolumeclaim', 'payments/persistentvolumeclaim/scratch')], undefined, [CLUSTER]).effects;
    expect(deleted).toMatchObject({ destroysData: true });
    expect(deleted!.summary).toMatch(/reclaimPolicy Delete/);
    // Unknown to the inventory: stays destructive (fail closed).
    const [unknown] = joinInventory([drop('kubernetes.persistentvolumeclaim', 'payments/persistentvolumeclaim/other')], undefined, [CLUSTER]).effects;
    expect(unknown).toMatchObject({ destroysData: true });
  });
});

describe('inventory parts by environment, and declared services', () => {
  it('uses a part for its own environment and for any when it names none', () => {
    const any = part({ source: 'any', environment: null, nodes: [], edges: [] });
    const dev = part({ source: 'dev', environment: 'dev', nodes: [], edges: [] });
    expect(partsFor([SHOP, any, dev], 'production').map((p) => p.source)).toEqual(['shop-db', 'any']);
    expect(partsFor([SHOP, any, dev], 'dev').map((p) => p.source)).toEqual(['any', 'dev']);
  });

  it('turns declared services into nodes and edges, per environment', () => {
    const parts = declaredParts(
      {
        'orders-api': { environment: 'production', customerFacing: true, owner: 'team-orders', dependsOn: [{ resource: 'shop.app.orders', via: 'reads' }, 'payments/service/api'] },
        'batch': { dependsOn: [] },
      },
      '2026-11-24T00:00:00Z',
    );
    expect(parts.find((p) => p.environment === 'production')).toMatchObject({
      nodes: [{ address: 'orders-api', kind: 'service', customerFacing: true, tags: { owner: 'team-orders' } }],
      edges: [
        { from: 'orders-api', to: 'shop.app.orders', via: 'reads' },
        { from: 'orders-api', to: 'payments/service/api', via: 'depends on' },
      ],
    });
    expect(parts.find((p) => p.environment === null)?.nodes.map((n) => n.address)).toEqual(['batch']);
  });
});
