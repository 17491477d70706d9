import { loadModule, parseSync } from '@pgsql/parser';
import NodeSqlParser from 'node-sql-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../model/index.js';
import { createSqlAnalyzer } from './sql-analyzer.js';

// Spellings a red-team found decided `allow` in production, each with the effects it must give.

let analyzer: ReturnType<typeof createSqlAnalyzer>;
beforeAll(async () => {
  await loadModule();
  analyzer = createSqlAnalyzer({ parseSync }, new NodeSqlParser.Parser());
});

type Dialect = 'postgresql' | 'mysql' | 'sqlite';
const analysed = (sql: string, dialect: Dialect = 'postgresql') => analyzer.analyze(analyzer.prepare({ sql, dialect }), {}).effects;
const shapes = (sql: string, dialect: Dialect = 'postgresql') =>
  analysed(sql, dialect).map((e) => ({ op: e.operation, kind: e.resource.kind, address: e.resource.address, reversible: e.reversible, destroysData: e.destroysData }));
const writes = (sql: string, dialect: Dialect = 'postgresql') => shapes(sql, dialect).filter((e) => e.op !== 'read');
const summaries = (sql: string, dialect: Dialect = 'postgresql') => analysed(sql, dialect).map((e) => e.summary).join(' | ');
const canonical = (sql: string, dialect: Dialect = 'postgresql') => canonicalJson(analyzer.canonical(analyzer.prepare({ sql, dialect })));

const READ = { op: 'read', kind: 'sql.query', address: 'sql', reversible: true, destroysData: false };
const deletesAll = (address: string) => ({ op: 'delete', kind: 'sql.table.rows', address, reversible: false, destroysData: true });
const overwritesAll = (address: string) => ({ op: 'update', kind: 'sql.table.rows', address, reversible: false, destroysData: true });
const calls = (address: string) => ({ op: 'execute', kind: 'sql.function', address, reversible: false, destroysData: false });

describe('PostgreSQL data-modifying WITH queries run', () => {
  it('WITH d AS (DELETE … RETURNING *) SELECT 1 deletes every row', () => {
    expect(shapes('WITH d AS (DELETE FROM users RETURNING *) SELECT 1')).toEqual([READ, deletesAll('users')]);
    expect(summaries('WITH d AS (DELETE FROM users RETURNING *) SELECT 1')).toMatch(/every row of users/);
  });

  it('the UPDATE form overwrites every row; a limiting WHERE inside is judged like the top level', () => {
    expect(shapes('with d as (update users set admin = true returning *) select count(*) from d')).toEqual([READ, overwritesAll('users')]);
    expect(writes('WITH d AS (UPDATE users SET admin = true WHERE id = 7 RETURNING *) SELECT 1')).toEqual([{ op: 'update', kind: 'sql.table.rows', address: 'users', reversible: false, destroysData: false }]);
    expect(writes('WITH d AS (DELETE FROM users WHERE 1 = 1 RETURNING *) SELECT 1')).toEqual([deletesAll('users')]);
  });

  it('WITH d AS (DELETE …) SELECT * INTO archive FROM d creates a table and deletes every row', () => {
    expect(shapes('WITH d AS (DELETE FROM users RETURNING *) SELECT * INTO archive FROM d')).toEqual([
      { op: 'create', kind: 'sql.table', address: 'archive', reversible: true, destroysData: false },
      deletesAll('users'),
    ]);
  });

  it('WITH d AS (DELETE …) INSERT INTO audit … inserts and deletes', () => {
    expect(shapes('WITH d AS (DELETE FROM users RETURNING *) INSERT INTO audit SELECT * FROM d')).toEqual([
      { op: 'create', kind: 'sql.table.rows', address: 'audit', reversible: true, destroysData: false },
      deletesAll('users'),
    ]);
  });

  it('WITH queries of UPDATE, DELETE, MERGE, CREATE TABLE AS, and nested ones, are walked too', () => {
    expect(writes('WITH d AS (DELETE FROM sessions RETURNING id) UPDATE users SET x = 1 WHERE id IN (SELECT id FROM d)')).toContainEqual(deletesAll('sessions'));
    expect(writes('WITH d AS (DELETE FROM sessions RETURNING id) DELETE FROM users WHERE id IN (SELECT id FROM d)')).toContainEqual(deletesAll('sessions'));
    expect(writes('WITH d AS (DELETE FROM users RETURNING *) MERGE INTO t USING d ON t.id = d.id WHEN MATCHED THEN DO NOTHING')).toEqual([deletesAll('users')]);
    expect(writes('CREATE TABLE x AS WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d')).toContainEqual(deletesAll('users'));
    expect(writes('WITH a AS (WITH b AS (DELETE FROM users RETURNING *) SELECT * FROM b) SELECT * FROM a')).toEqual([deletesAll('users')]);
  });

  it('a WITH query that only reads stays a read', () => {
    expect(shapes('WITH recent AS (SELECT * FROM orders WHERE created_at > now()) SELECT count(*) FROM recent')).toEqual([READ]);
  });
});

describe('EXPLAIN ANALYZE runs the statement', () => {
  it('EXPLAIN ANALYZE DELETE deletes every row', () => {
    expect(shapes('EXPLAIN ANALYZE DELETE FROM users')).toEqual([deletesAll('users')]);
    expect(shapes('explain analyse delete from users')).toEqual([deletesAll('users')]);
  });

  it('EXPLAIN (ANALYZE true|on|1) DELETE runs it; ANALYZE false|off|0 and plain EXPLAIN do not', () => {
    for (const sql of ['EXPLAIN (ANALYZE true) DELETE FROM users', 'EXPLAIN (ANALYZE on, BUFFERS) DELETE FROM users', 'EXPLAIN (ANALYZE 1) DELETE FROM users', "EXPLAIN (analyze 'TRUE') DELETE FROM users"]) {
      expect(shapes(sql), sql).toEqual([deletesAll('users')]);
    }
    for (const sql of ['EXPLAIN (ANALYZE false) DELETE FROM users', 'EXPLAIN (ANALYZE off) DELETE FROM users', 'EXPLAIN (ANALYZE 0) DELETE FROM users', 'EXPLAIN DELETE FROM users', 'EXPLAIN (VERBOSE) DELETE FROM users']) {
      expect(shapes(sql), sql).toEqual([{ ...READ }]);
    }
  });

  it('EXPLAIN ANALYZE UPDATE, MERGE, EXECUTE and an upsert have their statement’s effects', () => {
    expect(shapes('EXPLAIN ANALYZE UPDATE users SET admin = true')).toEqual([overwritesAll('users')]);
    expect(shapes('EXPLAIN ANALYZE MERGE INTO users u USING staging s ON u.id = s.id WHEN MATCHED THEN DELETE')).toEqual([
      { op: 'delete', kind: 'sql.table.rows', address: 'users', reversible: false, destroysData: true },
    ]);
    expect(shapes('EXPLAIN ANALYZE EXECUTE purge_users')[0]).toMatchObject({ op: 'unknown' });
    expect(shapes('EXPLAIN ANALYZE INSERT INTO users (id, name) VALUES (1, $$x$$) ON CONFLICT (id) DO UPDATE SET name = excluded.name')).toEqual([
      { op: 'create', kind: 'sql.table.rows', address: 'users', reversible: true, destroysData: false },
      overwritesAll('users'),
    ]);
  });

  it('EXPLAIN ANALYZE of a plain SELECT is still a read', () => {
    expect(shapes('EXPLAIN ANALYZE SELECT * FROM orders')).toEqual([READ]);
  });
});

describe('functions with side effects in a SELECT', () => {
  it('dblink_exec runs SQL on another database, and that SQL is judged', () => {
    expect(writes("SELECT dblink_exec('host=replica dbname=shop', 'DELETE FROM users')")).toEqual([
      { op: 'execute', kind: 'sql.remote_database', address: 'another database', reversible: false, destroysData: false },
      deletesAll('users'),
    ]);
    expect(writes('SELECT dblink_exec(conn, query) FROM jobs')).toContainEqual(expect.objectContaining({ op: 'unknown' }));
  });

  it('SELECT * FROM dblink(…, DELETE …) AS t(x int) deletes on the remote database', () => {
    expect(writes("SELECT * FROM dblink('shop', 'DELETE FROM users') AS t(x int)")).toEqual([deletesAll('users')]);
    expect(summaries("SELECT * FROM dblink('shop', 'DELETE FROM users') AS t(x int)")).toMatch(/through dblink/);
    expect(writes("SELECT * FROM dblink('shop', 'SELECT id FROM users') AS t(id int)")).toEqual([]);
    expect(writes("SELECT * FROM app.dblink('shop', 'SELECT id FROM users') AS t(id int)")).toEqual([calls('app.dblink')]);
  });

  it('lo_unlink deletes a large object', () => {
    expect(writes('SELECT lo_unlink(1234)')).toEqual([{ op: 'delete', kind: 'sql.large_object', address: '1234', reversible: false, destroysData: true }]);
  });

  it('pg_terminate_backend over pg_stat_activity terminates sessions', () => {
    expect(writes('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()')).toEqual([
      { op: 'delete', kind: 'sql.session', address: 'pg_terminate_backend', reversible: false, destroysData: false },
    ]);
  });

  it('pg_drop_replication_slot, setval, pg_file_write and pg_promote have specific irreversible effects', () => {
    expect(writes("SELECT pg_drop_replication_slot('replica_1')")).toEqual([{ op: 'delete', kind: 'sql.replication_slot', address: 'replica_1', reversible: false, destroysData: true }]);
    expect(writes("SELECT setval('orders_id_seq', 1)")).toEqual([{ op: 'update', kind: 'sql.sequence', address: 'orders_id_seq', reversible: false, destroysData: false }]);
    expect(writes("SELECT pg_catalog.pg_file_write('/etc/postgresql/pg_hba.conf', 'trust', false)")).toEqual([
      { op: 'update', kind: 'sql.server_file', address: '/etc/postgresql/pg_hba.conf', reversible: false, destroysData: true },
    ]);
    expect(writes('SELECT pg_promote()')).toEqual([{ op: 'update', kind: 'sql.server', address: 'pg_promote', reversible: false, destroysData: false }]);
  });

  it('a user function, anywhere in the query, is code Airlock cannot see into', () => {
    expect(shapes('SELECT purge()')).toEqual([READ, calls('purge')]);
    expect(writes('SELECT id FROM users WHERE id IN (SELECT app.cleanup(id) FROM sessions)')).toEqual([calls('app.cleanup')]);
    expect(writes('SELECT * FROM orders ORDER BY archive_old(id)')).toEqual([calls('archive_old')]);
    expect(writes("SELECT query_to_xml('DELETE FROM users', true, true, '')")).toEqual([calls('query_to_xml')]);
    expect(writes('SELECT 1 OPERATOR(app.+) 2')[0]).toMatchObject({ op: 'execute', address: 'operator app.+' });
    expect(writes('SELECT * FROM users TABLESAMPLE evil_sampler(10)')).toEqual([calls('evil_sampler')]);
    // a schema other than pg_catalog is not the built-in function of that name
    expect(writes("SELECT app.lower('A')")).toEqual([calls('app.lower')]);
    // a quoted upper-case name is another function than the built-in; Object's own names are not known ones
    expect(writes('SELECT "COUNT"(*) FROM t')).toEqual([calls('COUNT')]);
    expect(writes('SELECT "constructor"()')).toEqual([calls('constructor')]);
    expect(writes('SELECT constructor()', 'sqlite')).toEqual([calls('constructor')]);
    // called three times, one effect
    expect(writes('SELECT purge(), purge() FROM t WHERE purge() > 0')).toEqual([calls('purge')]);
  });

  it('functions are judged in writes and in statements that evaluate now, not in view definitions', () => {
    expect(writes('UPDATE users SET token = purge() WHERE id = 1')).toContainEqual(calls('purge'));
    expect(writes('CREATE INDEX ON users ((purge(id)))')).toContainEqual(calls('purge'));
    expect(writes('CREATE MATERIALIZED VIEW m AS SELECT purge()')).toContainEqual(calls('purge'));
    expect(writes('CREATE VIEW v AS SELECT purge()')).not.toContainEqual(calls('purge'));
  });

  it('everyday reads with built-in functions and operators stay reads', () => {
    for (const sql of [
      "SELECT id, total FROM orders WHERE created_at > now() - interval '1 day'",
      "SELECT count(*), sum(total), avg(total), min(id), max(id), coalesce(note, ''), lower(email), upper(code), length(name) FROM orders GROUP BY 1",
      "SELECT date_trunc('day', created_at), to_char(created_at, 'YYYY-MM'), extract(year from created_at), data->>'k', data #>> '{a,b}', jsonb_array_length(data->'items') FROM events",
      'SELECT current_database(), current_user, version(), pg_size_pretty(pg_database_size(current_database()))',
      'SELECT * FROM generate_series(1, 10) g, jsonb_array_elements($${"a":1}$$::jsonb) e',
      "SELECT row_number() OVER (ORDER BY id), string_agg(name, ',') FROM users WHERE email ~* 'example' AND id = ANY(ARRAY[1, 2]) GROUP BY id",
      "SELECT nextval('orders_id_seq')",
      "SELECT pg_catalog.lower('A')",
    ]) {
      expect(shapes(sql), sql).toEqual([READ]);
    }
  });
});

describe('MySQL and SQLite: functions, files, triggers, upserts', () => {
  it('SELECT sys_exec(…) runs an operating-system command', () => {
    expect(writes("SELECT sys_exec('rm -rf /')", 'mysql')).toEqual([{ op: 'execute', kind: 'sql.server_command', address: 'rm -rf /', reversible: false, destroysData: false }]);
  });

  it('SELECT … INTO OUTFILE / DUMPFILE writes a file on the server; INTO @var does not', () => {
    expect(shapes("SELECT * FROM users INTO OUTFILE '/tmp/users.csv'", 'mysql')).toEqual([{ op: 'create', kind: 'sql.server_file', address: '/tmp/users.csv', reversible: false, destroysData: false }]);
    expect(shapes("SELECT 0x41 INTO DUMPFILE '/usr/lib/mysql/plugin/x.so'", 'mysql')).toEqual([
      { op: 'create', kind: 'sql.server_file', address: '/usr/lib/mysql/plugin/x.so', reversible: false, destroysData: false },
    ]);
    expect(shapes('SELECT total INTO @t FROM orders WHERE id = 1', 'mysql')).toEqual([READ]);
  });

  it('user and unknown functions are code; built-ins read', () => {
    expect(writes('SELECT * FROM t WHERE id IN (SELECT purge())', 'mysql')).toEqual([calls('purge')]);
    expect(writes('SELECT shop.cleanup(1)', 'mysql')).toEqual([calls('shop.cleanup')]);
    expect(writes("SELECT load_extension('/tmp/x.so')", 'sqlite')).toEqual([{ op: 'execute', kind: 'sql.extension', address: '/tmp/x.so', reversible: false, destroysData: false }]);
    expect(shapes("SELECT COUNT(*), NOW(), LOWER(name), DATE_FORMAT(created_at, '%Y'), JSON_EXTRACT(j, '$.a'), IFNULL(a, b) FROM orders WHERE id IN (SELECT id FROM t)", 'mysql')).toEqual([READ]);
    expect(shapes("SELECT datetime('now'), strftime('%Y', d), typeof(x), iif(a, b, c), total(x), group_concat(x) FROM t", 'sqlite')).toEqual([READ]);
  });

  it('SQLite CREATE TRIGGER … BEGIN DELETE …; END is unknown, with what the body does when it fires', () => {
    const effects = shapes('CREATE TRIGGER wipe AFTER INSERT ON audit BEGIN DELETE FROM orders; END', 'sqlite');
    expect(effects).toEqual([{ op: 'unknown', kind: 'sql.trigger', address: '?', reversible: false, destroysData: false }, deletesAll('orders')]);
    expect(summaries('CREATE TRIGGER wipe AFTER INSERT ON audit BEGIN DELETE FROM orders; END', 'sqlite')).toMatch(/each time trigger wipe fires/);
    // MySQL triggers, procedures and events do not parse here: unknown as well.
    expect(shapes('CREATE TRIGGER wipe AFTER INSERT ON audit FOR EACH ROW DELETE FROM orders', 'mysql')[0]!.op).toBe('unknown');
    expect(shapes('CREATE PROCEDURE p() BEGIN DELETE FROM orders; END', 'mysql')[0]!.op).toBe('unknown');
    expect(shapes('CREATE TRIGGER wipe AFTER INSERT ON audit BEGIN DELETE FROM orders; END')[0]!.op).toBe('unknown');
  });

  it('upserts overwrite rows: ON DUPLICATE KEY UPDATE, INSERT OR REPLACE; INSERT OR IGNORE does not', () => {
    expect(shapes('INSERT INTO users (id, name) VALUES (1, "x") ON DUPLICATE KEY UPDATE name = VALUES(name)', 'mysql')).toEqual([
      { op: 'create', kind: 'sql.table.rows', address: 'users', reversible: true, destroysData: false },
      overwritesAll('users'),
    ]);
    expect(shapes("INSERT OR REPLACE INTO users (id, name) VALUES (1, 'x')", 'sqlite')).toEqual([{ op: 'create', kind: 'sql.table.rows', address: 'users', reversible: false, destroysData: true }]);
    expect(shapes("REPLACE INTO users (id, name) VALUES (1, 'x')", 'mysql')).toEqual([{ op: 'create', kind: 'sql.table.rows', address: 'users', reversible: false, destroysData: true }]);
    expect(shapes("INSERT OR IGNORE INTO users (id, name) VALUES (1, 'x')", 'sqlite')).toEqual([{ op: 'create', kind: 'sql.table.rows', address: 'users', reversible: true, destroysData: false }]);
  });
});

describe('MySQL executable comments and -- spellings', () => {
  it('/*!50000 DROP TABLE users */ drops the table (MySQL runs executable comments)', () => {
    expect(shapes('/*!50000 DROP TABLE users */', 'mysql')).toEqual([{ op: 'delete', kind: 'sql.table', address: 'users', reversible: false, destroysData: true }]);
    expect(writes('/*! DROP TABLE users */', 'mysql')).toEqual([{ op: 'delete', kind: 'sql.table', address: 'users', reversible: false, destroysData: true }]);
    expect(writes('SELECT 1 /*!50000 ; DROP TABLE users */', 'mysql')).toEqual([{ op: 'delete', kind: 'sql.table', address: 'users', reversible: false, destroysData: true }]);
  });

  it('/*M! … */ (MariaDB) runs too', () => {
    expect(writes('/*M!100100 DROP TABLE users */', 'mysql')).toEqual([{ op: 'delete', kind: 'sql.table', address: 'users', reversible: false, destroysData: true }]);
  });

  it('a versioned comment that a server may skip is read both ways', () => {
    // Executed, the WHERE limits the DELETE; skipped (older server), every row goes.
    expect(writes('DELETE FROM orders /*!50000 WHERE id = 1 */', 'mysql')).toContainEqual(deletesAll('orders'));
    // Executed, it is a string; skipped, the comment ends inside it and the DROP runs.
    expect(writes("SELECT 1 /*!99999 , '*/ ; DROP TABLE users; -- ' */", 'mysql')).toEqual([{ op: 'delete', kind: 'sql.table', address: 'users', reversible: false, destroysData: true }]);
    expect(shapes('SELECT /*!40001 SQL_NO_CACHE */ * FROM orders', 'mysql')).toEqual([READ]);
  });

  it('SELECT 1 --1; DROP TABLE users runs the DROP in MySQL (-- needs a space to be a comment)', () => {
    expect(shapes('SELECT 1 --1; DROP TABLE users', 'mysql')).toEqual([READ, { op: 'delete', kind: 'sql.table', address: 'users', reversible: false, destroysData: true }]);
    expect(writes('SELECT 1 --\tx\nFROM dual', 'mysql')).toEqual([]);
    expect(shapes('SELECT 1 -- 1; DROP TABLE users', 'mysql')).toEqual([READ]);
  });

  it('-- inside strings and identifiers is not a comment, and is not rewritten', () => {
    expect(shapes("SELECT 'a--b', `c--d` FROM t WHERE x = 'y'", 'mysql')).toEqual([READ]);
    expect(shapes("SELECT 'a--b' FROM t", 'sqlite')).toEqual([READ]);
  });

  it('SQLite: -- is always a comment; a backslash does not escape a quote', () => {
    expect(shapes('SELECT 1 --1; DROP TABLE users', 'sqlite')).toEqual([READ]);
    expect(writes("SELECT 'a\\'; DROP TABLE users; --'", 'sqlite')).toEqual([{ op: 'delete', kind: 'sql.table', address: 'users', reversible: false, destroysData: true }]);
    expect(shapes('SELECT 1 IS NOT #a; DROP TABLE users\nNULL', 'sqlite')[0]!.op).toBe('unknown');
  });

  it('MySQL: a backslash-escaped quote is read under NO_BACKSLASH_ESCAPES and ANSI_QUOTES too', () => {
    expect(writes("SELECT 'a\\'; DROP TABLE users; -- '", 'mysql')).toEqual([{ op: 'delete', kind: 'sql.table', address: 'users', reversible: false, destroysData: true }]);
    expect(summaries("SELECT 'a\\'; DROP TABLE users; -- '", 'mysql')).toMatch(/NO_BACKSLASH_ESCAPES/);
    expect(writes('SELECT "a\\"; DROP TABLE users; -- "', 'mysql')).toEqual([{ op: 'delete', kind: 'sql.table', address: 'users', reversible: false, destroysData: true }]);
    // An everyday escaped quote does not split into other statements in any mode.
    expect(shapes("SELECT 'it\\'s' FROM t", 'mysql')).toEqual([READ]);
    expect(shapes("INSERT INTO notes (title, body) VALUES ('it\\'s', 'don\\'t')", 'mysql')).toEqual([{ op: 'create', kind: 'sql.table.rows', address: 'notes', reversible: true, destroysData: false }]);
  });

  it('a comment inside an executable comment is refused (fail closed)', () => {
    expect(shapes('SELECT 1 /*! /* x */ DROP TABLE users */', 'mysql')[0]!.op).toBe('unknown');
  });

  it('comments, case and quotes still collapse into the same digest', () => {
    expect(canonical('/* x */ DROP TABLE `customers`', 'mysql')).toBe(canonical('drop table customers -- gone', 'mysql'));
    expect(canonical('/*! DROP TABLE users */', 'mysql')).toBe(canonical('DROP TABLE users', 'mysql'));
    // A versioned one is not the same change: an older server skips it.
    expect(canonical('/*!50000 DROP TABLE users */', 'mysql')).not.toBe(canonical('DROP TABLE users', 'mysql'));
  });
});

describe('replacements judged too mildly', () => {
  it('CREATE OR REPLACE VIEW loses the old definition (PostgreSQL and MySQL); CREATE VIEW does not', () => {
    const replaced = { op: 'update', kind: 'sql.view', address: 'active_users', reversible: false, destroysData: false };
    expect(shapes('CREATE OR REPLACE VIEW active_users AS SELECT * FROM users')).toEqual([replaced]);
    expect(shapes('CREATE OR REPLACE VIEW active_users AS SELECT * FROM users', 'mysql')).toEqual([replaced]);
    expect(shapes('CREATE VIEW active_users AS SELECT * FROM users')[0]).toMatchObject({ op: 'create', reversible: true });
    expect(shapes('CREATE VIEW active_users AS SELECT * FROM users', 'mysql')[0]).toMatchObject({ op: 'create', reversible: true });
  });

  it('ALTER TABLE … DROP CONSTRAINT … CASCADE is irreversible and says it drops other tables’ foreign keys', () => {
    expect(shapes('ALTER TABLE users DROP CONSTRAINT users_pkey CASCADE')).toEqual([{ op: 'update', kind: 'sql.table', address: 'users', reversible: false, destroysData: false }]);
    expect(summaries('ALTER TABLE users DROP CONSTRAINT users_pkey CASCADE')).toMatch(/foreign keys of other tables/);
    expect(shapes('ALTER TABLE users DROP CONSTRAINT users_email_check')[0]).toMatchObject({ reversible: true });
  });

  it('CREATE OR REPLACE FUNCTION is an irreversible update, and its body is still unknown', () => {
    expect(shapes("CREATE OR REPLACE FUNCTION cleanup() RETURNS void LANGUAGE sql AS 'DELETE FROM sessions'")).toEqual([
      { op: 'update', kind: 'sql.function', address: 'cleanup', reversible: false, destroysData: false },
      { op: 'unknown', kind: 'sql.statement', address: '?', reversible: false, destroysData: false },
    ]);
  });

  it('INSERT … ON CONFLICT DO UPDATE overwrites rows; ON CONFLICT DO NOTHING is an insert', () => {
    expect(shapes('INSERT INTO users (id, name) VALUES (1, $$x$$) ON CONFLICT (id) DO UPDATE SET name = excluded.name')).toEqual([
      { op: 'create', kind: 'sql.table.rows', address: 'users', reversible: true, destroysData: false },
      overwritesAll('users'),
    ]);
    expect(shapes('INSERT INTO users (id) VALUES (1) ON CONFLICT DO NOTHING')).toEqual([{ op: 'create', kind: 'sql.table.rows', address: 'users', reversible: true, destroysData: false }]);
  });

  it('MERGE: matched DELETE/UPDATE change rows, and an always-true join reaches every row', () => {
    expect(shapes('MERGE INTO t USING s ON true WHEN MATCHED THEN UPDATE SET x = 1 WHEN NOT MATCHED THEN INSERT VALUES (1)')).toEqual([
      overwritesAll('t'),
      { op: 'create', kind: 'sql.table.rows', address: 't', reversible: true, destroysData: false },
    ]);
  });
});
