import { join } from 'node:path';
import { airlockHome } from '../pipeline/runtime.js';

/** The gateway's own database (approval requests, tokens, freezes), beside the audit log. */
export function gatewayDatabasePath(env: Readonly<Record<string, string | undefined>>): string {
  return join(airlockHome(env), 'gateway.db');
}
