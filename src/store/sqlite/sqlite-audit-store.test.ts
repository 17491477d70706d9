import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { auditStoreConformance } from '../audit-store.conformance.js';
import { openSqliteAuditStore } from './sqlite-audit-store.js';

const dir = mkdtempSync(join(tmpdir(), 'airlock-sqlite-'));
let counter = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteAuditStore (file)', () => {
  auditStoreConformance(() => openSqliteAuditStore({ path: join(dir, `audit-${++counter}.db`) }));
});

describe('SqliteAuditStore (:memory:)', () => {
  auditStoreConformance(() => openSqliteAuditStore({ path: ':memory:' }));
});
