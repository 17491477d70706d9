import type { Generated } from 'kysely';

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
  would_block: number;
  severity: string | null;
  body: string;
  prev_hash: string;
  hash: string;
}

export interface ChainHeadTable {
  id: Generated<number>;
  seq: number;
  hash: string;
}

export interface SqliteDatabase {
  audit_records: AuditRecordsTable;
  chain_head: ChainHeadTable;
}
