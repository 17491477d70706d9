/**
 * Tables as TypeScript sees them. Columns are snake_case in SQLite and camelCase here; Kysely's
 * CamelCasePlugin translates, so a stored row is an AuditRow without any hand-written mapping.
 */
export interface AuditRecordsTable {
  seq: number;
  id: string;
  at: string;
  type: string;
  agent: string | null;
  source: string | null;
  kind: string | null;
  environment: string | null;
  digest: string | null;
  decision: string | null;
  enforced: string | null;
  mode: string | null;
  wouldBlock: number;
  severity: string | null;
  body: string;
  prevHash: string;
  hash: string;
}

export interface ChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface SqliteDatabase {
  auditRecords: AuditRecordsTable;
  chainHead: ChainHeadTable;
}
