export { AUDIT_TYPES, GENESIS_HASH, errorEntry, hashRow } from './audit-record.js';
export type { AuditEntry, AuditType } from './audit-record.js';
export { createAuditLog, verifyChain } from './audit-log.js';
export type { AuditLog, TamperKind, VerifyResult } from './audit-log.js';
