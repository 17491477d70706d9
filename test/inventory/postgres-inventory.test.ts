import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogGraph, readPostgresCatalog } from '../../src/inventory/sources/postgres-catalog.js';
import { sandbox, type Sandbox } from '../support/run-airlock.js';

/**
 * Against the PostgreSQL on this machine (127.0.0.1:5432, database `test`): a schema of its own
 * with tables, foreign keys, views, a materialized view and a SQL-standard function, read by the
 * real `airlock inventory refresh`, then judged by the real `airlock check sql`.
 */
const URL = process.env['AIRLOCK_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `airlock_inv_${randomBytes(4).toString('hex')}`;

const DDL = `
CREATE SCHEMA ${SCHEMA};
SET search_path TO ${SCHEMA};
CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id) ON DELETE CASCADE, total numeric NOT NULL);
CREATE TABLE order_items (id serial PRIMARY KEY, order_id int NOT NULL REFERENCES orders (id), sku text NOT NULL);
CREATE TABLE invoices (id serial PRIMARY KEY, customer_id int REFERENCES customers (id));
CREATE TABLE products (sku text PRIMARY KEY, name text);
CREATE VIEW customer_orders AS SELECT c.email, o.id AS order_id, o.total FROM customers c JOIN orders o ON o.customer_id = c.id;
CREATE VIEW big_spenders AS SELECT email FROM customer_orders WHERE total > 1000;
CREATE MATERIALIZED VIEW revenue_by_customer AS SELECT customer_id, sum(total) AS revenue FROM orders GROUP BY customer_id;
CREATE FUNCTION customer_count() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM customers; END;
`;

let admin: pg.Client;
let box: Sandbox;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  await admin.query(DDL);
  box = sandbox();
  writeFileSync(
    join(box.cwd, 'airlock.yaml'),
    [
      'environments:',
      '  production: { production: true }',
      'inventory:',
      '  sources:',
      `    orders-db: { type: postgres, environment: production, url: "${URL}", schemas: [${SCHEMA}] }`,
      '  services:',
      '    orders-api:',
      '      environment: production',
      '      customerFacing: true',
      '      owner: team-orders',
      `      dependsOn: [{ resource: test.${SCHEMA}.orders, via: reads }]`,
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await admin?.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await admin?.end();
});

const at = (name: string) => `test.${SCHEMA}.${name}`;

describe('the live PostgreSQL catalog', () => {
  it('reads foreign keys, views, materialized views, functions and owned sequences', async () => {
    const client = new pg.Client({ connectionString: URL });
    await client.connect();
    try {
      const graph = catalogGraph(await readPostgresCatalog(client, { schemas: [SCHEMA] }));
      const edge = (from: string, to: string) => graph.edges.find((e) => e.from === at(from) && e.to === at(to))?.via;
      expect(graph.database).toBe('test');
      expect(graph.nodes.find((n) => n.address === at('customers'))).toMatchObject({ kind: 'sql.table', dataBearing: true });
      expect(graph.nodes.find((n) => n.address === at('customer_orders'))).toMatchObject({ kind: 'sql.view' });
      expect(graph.nodes.find((n) => n.address === at('revenue_by_customer'))).toMatchObject({ kind: 'sql.materialized_view' });
      expect(edge('orders', 'customers')).toBe('references (foreign key orders_customer_id_fkey, ON DELETE CASCADE)');
      expect(edge('order_items', 'orders')).toBe('references (foreign key order_items_order_id_fkey, ON DELETE NO ACTION)');
      expect(edge('customer_orders', 'customers')).toBe('reads (view)');
      expect(edge('customer_orders', 'orders')).toBe('reads (view)');
      expect(edge('big_spenders', 'customer_orders')).toBe('reads (view)');
      expect(edge('revenue_by_customer', 'orders')).toBe('reads (view)');
      expect(edge('customer_count()', 'customers')).toBe('uses (function)');
      expect(edge('customers_id_seq', 'customers')).toBe('is owned by a column of');
      // Unrelated tables are known but reach nothing.
      expect(graph.edges.filter((e) => e.to === at('products') && e.via !== 'is in schema')).toEqual([]);
    } finally {
      await client.end();
    }
  });
});

describe('DROP TABLE customers CASCADE in production, with the live inventory', () => {
  it('airlock inventory refresh reads the database into the cache', async () => {
    const result = await box.run(['inventory', 'refresh']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^orders-db \(postgres\): \d+ resources, \d+ dependencies in \d+ ms$/m);
  });

  it('asks or denies, and lists the dependent tables and views with their paths', async () => {
    const result = await box.run(['check', 'sql', 'DROP TABLE customers CASCADE', '--env', 'production', '--json']);
    const out = JSON.parse(result.stdout);
    expect(['ask', 'deny']).toContain(out.decision);
    expect(result.code === 2 || result.code === 3).toBe(true);
    expect(out.effects[0]).toMatchObject({ operation: 'delete', destroysData: true, resource: { kind: 'sql.table', address: at('customers') } });

    const radius = out.blastRadius;
    expect(radius.direct).toEqual([at('customers')]);
    const dependents = new Map<string, { path: string[]; via: string[] }>(radius.dependents.map((d: { address: string; path: string[]; via: string[] }) => [d.address, d]));
    // Tables through foreign keys, views through their queries, transitively.
    for (const name of ['orders', 'order_items', 'invoices', 'customer_orders', 'big_spenders', 'revenue_by_customer', 'customer_count()', 'customers_id_seq']) {
      expect(dependents.has(at(name)), name).toBe(true);
    }
    expect(dependents.get(at('order_items'))).toEqual({
      address: at('order_items'),
      path: [at('customers'), at('orders'), at('order_items')],
      via: ['references (foreign key orders_customer_id_fkey, ON DELETE CASCADE)', 'references (foreign key order_items_order_id_fkey, ON DELETE NO ACTION)'],
      dataBearing: true,
    });
    expect(dependents.get(at('big_spenders'))?.path).toEqual([at('customers'), at('customer_orders'), at('big_spenders')]);
    // The declared service that reads orders is reached, and is customer-facing: data loss under it.
    expect(dependents.get('orders-api')?.path).toEqual([at('customers'), at('orders'), 'orders-api']);
    expect(radius.customerFacingAtRisk).toContain('orders-api');
    expect(dependents.has(at('products'))).toBe(false);
    expect(out.severity).toBe('critical');
  });

  it('explains each dependent as a path in words', async () => {
    const result = await box.run(['check', 'sql', 'DROP TABLE customers CASCADE', '--env', 'production', '--verbose']);
    expect(result.stdout).toContain(`orders-api → reads → ${at('orders')} → references (foreign key orders_customer_id_fkey, ON DELETE CASCADE) → ${at('customers')}`);
  });

  it('the same table written with schema, quotes and comments reaches the same resources', async () => {
    const result = await box.run(['check', 'sql', `/* tidy */ DrOp TaBlE "${SCHEMA}"."customers" cascade -- bye`, '--env', 'production', '--json']);
    const out = JSON.parse(result.stdout);
    expect(['ask', 'deny']).toContain(out.decision);
    expect(out.blastRadius.direct).toEqual([at('customers')]);
    expect(out.blastRadius.dependents.map((d: { address: string }) => d.address)).toContain(at('order_items'));
  });

  it('a read of the same table in production stays allowed', async () => {
    const result = await box.run(['check', 'sql', 'SELECT email FROM customers WHERE id = 1', '--env', 'production', '--json']);
    expect(JSON.parse(result.stdout).decision).toBe('allow');
  });

  it('airlock inventory show names what depends on a table, with paths', async () => {
    const result = await box.run(['inventory', 'show', at('orders')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${at('orders')}  (sql.table, holds data)  from orders-db`);
    expect(result.stdout).toMatch(new RegExp(`references \\(foreign key orders_customer_id_fkey, ON DELETE CASCADE\\) ${at('customers').replace(/\./g, '\\.')}`));
    expect(result.stdout).toContain(`orders-api → reads → ${at('orders')}`);
    expect(result.stdout).toContain(`${at('order_items')} → references (foreign key order_items_order_id_fkey, ON DELETE NO ACTION) → ${at('orders')}`);
    const missing = await box.run(['inventory', 'show', 'test.public.nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/not in the inventory/);
  });

  it('a source that cannot be reached fails the refresh clearly and keeps the last good reading', async () => {
    writeFileSync(
      join(box.cwd, 'broken.yaml'),
      `inventory:\n  sources:\n    orders-db: { type: postgres, environment: production, url: "postgres://postgres@127.0.0.1:1/test" }\n`,
    );
    const result = await box.run(['inventory', 'refresh', '--config', 'broken.yaml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/orders-db \(postgres\): FAILED — cannot connect to PostgreSQL .*keeping the last reading: \d+ resources/);
    const show = await box.run(['inventory', 'show', '--config', 'broken.yaml']);
    expect(show.stdout).toMatch(/last refresh failed: cannot connect/);
    // Decisions still use the last good reading.
    const check = await box.run(['check', 'sql', 'DROP TABLE customers CASCADE', '--env', 'production', '--json', '--config', 'broken.yaml']);
    expect(JSON.parse(check.stdout).blastRadius.dependents.map((d: { address: string }) => d.address)).toContain(at('order_items'));
  });
});
