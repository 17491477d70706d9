export type { AuditQuery, AuditRow, AuditStore, ChainHead } from './audit-store.js';
export { openSqliteAuditStore } from './sqlite/sqlite-audit-store.js';
export type { SqliteAuditStoreOptions } from './sqlite/sqlite-audit-store.js';
