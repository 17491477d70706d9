export type { AuditQuery, AuditRow, AuditStore, ChainHead } from './audit-store.js';
export { openSqliteAuditStore } from './sqlite/sqlite-audit-store.js';
export type { SqliteAuditStoreOptions } from './sqlite/sqlite-audit-store.js';
export { TOKEN_ROLES } from './gateway-store.js';
export type { ApprovalKey, ApprovalQuery, Freeze, GatewayStore, StoredToken, TokenRole } from './gateway-store.js';
export { openSqliteGatewayStore } from './sqlite/sqlite-gateway-store.js';
