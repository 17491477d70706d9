import { loadModule, parseSync } from '@pgsql/parser';
import NodeSqlParser from 'node-sql-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../model/index.js';
import { createSqlAnalyzer } from './sql-analyzer.js';

let analyzer: ReturnType<typeof createSqlAnalyzer>;
beforeAll(async () => {
  await loadModule();
  analyzer = createSqlAnalyzer({ parseSync }, new NodeSqlParser.Parser());
});

const effects = (sql: string, database?: string) =>
  analyzer.analyze(analyzer.prepare({ sql, ...(database ? { database } : {}) }), {}).effects.map((e) => ({ op: e.operation, kind: e.resource.kind, address: e.resource.address, destroysData: e.destroysData }));
const canonical = (sql: string) => canonicalJson(analyzer.canonical(analyzer.prepare({ sql })));

describe('SQL through the real PostgreSQL parser', () => {
  it('DROP TABLE … CASCADE, DROP SCHEMA, DROP DATABASE destroy data; DROP INDEX does not', () => {
    expect(effects('DROP TABLE customers CASCADE')).toEqual([{ op: 'delete', kind: 'sql.table', address: 'customers', destroysData: true }]);
    expect(effects('drop schema billing cascade', 'shop')).toEqual([{ op: 'delete', kind: 'sql.schema', address: 'shop.billing', destroysData: true }]);
    expect(effects('DROP DATABASE orders')).toEqual([{ op: 'delete', kind: 'sql.database', address: 'orders', destroysData: true }]);
    expect(effects('DROP INDEX orders_by_date')).toEqual([{ op: 'delete', kind: 'sql.index', address: 'orders_by_date', destroysData: false }]);
    expect(effects('DROP VIEW active_customers CASCADE')[0]).toMatchObject({ op: 'delete', destroysData: true });
  });

  it('TRUNCATE, and DELETE/UPDATE without a limiting WHERE, lose every row', () => {
    expect(effects('TRUNCATE orders')).toEqual([{ op: 'delete', kind: 'sql.table.rows', address: 'orders', destroysData: true }]);
    for (const sql of ['DELETE FROM orders', 'delete from orders where 1 = 1', "DELETE FROM orders WHERE 'a' = 'a'", 'DELETE FROM orders WHERE true', 'DELETE FROM orders WHERE id = 5 OR TRUE', 'DELETE FROM orders WHERE NOT false']) {
      expect(analyzer.analyze(analyzer.prepare({ sql }), {}).effects[0]!.summary, sql).toMatch(/every row/);
    }
    expect(effects('UPDATE accounts SET balance = 0')[0]).toMatchObject({ op: 'update', destroysData: true });
    expect(effects('UPDATE accounts SET balance = 0 WHERE id = 7')[0]).toMatchObject({ op: 'update', destroysData: false });
    expect(analyzer.analyze(analyzer.prepare({ sql: 'DELETE FROM orders WHERE id = 5' }), {}).effects[0]!.summary).toMatch(/match its WHERE/);
  });

  it('ALTER TABLE DROP COLUMN and a type change lose data; GRANT/REVOKE change privileges', () => {
    expect(effects('ALTER TABLE customers DROP COLUMN email')).toEqual([{ op: 'delete', kind: 'sql.column', address: 'customers.email', destroysData: true }]);
    expect(effects('ALTER TABLE customers ALTER COLUMN age TYPE smallint')[0]).toMatchObject({ op: 'update', destroysData: true });
    expect(effects('GRANT ALL ON customers TO intern')[0]).toMatchObject({ op: 'update', kind: 'sql.privileges' });
    expect(effects('REVOKE SELECT ON customers FROM app')[0]).toMatchObject({ op: 'update', kind: 'sql.privileges' });
  });

  it('reads are reads; several statements give several effects; DO blocks are unknown', () => {
    expect(effects('SELECT * FROM orders; EXPLAIN SELECT 1')).toEqual([
      { op: 'read', kind: 'sql.query', address: 'sql', destroysData: false },
      { op: 'read', kind: 'sql.query', address: 'sql', destroysData: false },
    ]);
    expect(effects('BEGIN; DELETE FROM a; DROP TABLE b; COMMIT').map((e) => e.op)).toEqual(['delete', 'delete']);
    expect(effects("DO $$ BEGIN EXECUTE 'DROP TABLE x'; END $$")[0]!.op).toBe('unknown');
  });

  it('comments, case and quoting do not hide a DROP, and give the same digest input', () => {
    const variants = ['DROP TABLE customers CASCADE', '/* cleanup */ dRoP   tAbLe "customers" CASCADE -- now', 'drop table customers\ncascade;'];
    for (const sql of variants) expect(effects(sql)[0], sql).toMatchObject({ op: 'delete', address: 'customers', destroysData: true });
    expect(new Set(variants.map(canonical)).size).toBe(1);
    expect(canonical('DROP TABLE customers')).not.toBe(canonical('DROP TABLE customers CASCADE'));
  });

  it('MySQL and SQLite go through node-sql-parser with the same readings', () => {
    const my = (sql: string, dialect: 'mysql' | 'sqlite' = 'mysql') =>
      analyzer.analyze(analyzer.prepare({ sql, dialect }), {}).effects.map((e) => ({ op: e.operation, address: e.resource.address, destroysData: e.destroysData }));
    expect(my('/* x */ dRoP TABLE `customers`')).toEqual([{ op: 'delete', address: 'customers', destroysData: true }]);
    expect(my('DROP DATABASE shop')[0]).toMatchObject({ op: 'delete', destroysData: true });
    expect(my('TRUNCATE TABLE orders')[0]).toMatchObject({ op: 'delete', destroysData: true });
    expect(analyzer.analyze(analyzer.prepare({ sql: 'DELETE FROM orders WHERE 1=1', dialect: 'sqlite' }), {}).effects[0]!.summary).toMatch(/every row/);
    expect(analyzer.analyze(analyzer.prepare({ sql: 'DELETE FROM orders WHERE id = 4', dialect: 'sqlite' }), {}).effects[0]!.summary).toMatch(/match its WHERE/);
    expect(my('UPDATE accounts SET balance = 0')[0]).toMatchObject({ op: 'update', destroysData: true });
    expect(my('ALTER TABLE customers DROP COLUMN email')[0]).toMatchObject({ op: 'delete', address: 'customers.email', destroysData: true });
    expect(my('SELECT * FROM orders', 'sqlite')[0]).toMatchObject({ op: 'read' });
    expect(my('GRANT ALL ON shop.* TO bob')[0]).toMatchObject({ op: 'update' });
  });

  it('SQL the parser refuses, and dialects without a parser yet, are unknown (fail closed)', () => {
    expect(effects('DROP TABEL customers')[0]!.op).toBe('unknown');
    expect(analyzer.analyze(analyzer.prepare({ sql: 'DELETE FROM', dialect: 'mysql' }), {}).effects[0]!.operation).toBe('unknown');
    expect(() => analyzer.prepare({ sql: 42 })).toThrow(/invalid/);
  });
});
