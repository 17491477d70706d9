import { Option, type Command } from 'commander';
import { TOKEN_ROLES, type TokenRole } from '../../store/gateway-store.js';
import { write, type CliIo } from '../cli-io.js';

/**
 * `airlock token create|list|revoke`: works on the gateway's database in AIRLOCK_HOME directly,
 * so the first tokens can be made on the gateway host before anyone can sign in.
 */
export function registerToken(program: Command, io: CliIo): void {
  const token = program.command('token').description("manage the gateway's API tokens (on the gateway host: AIRLOCK_HOME/gateway.db)");

  token
    .command('create')
    .description('create a token and print it (shown once; only its hash is stored)')
    .requiredOption('--name <name>', 'who or what holds it: the identity approvals and changes are recorded under')
    .addOption(new Option('--role <role>', 'agent: submit changes; approver: approve/reject; admin: also freeze and tokens').choices(TOKEN_ROLES).makeOptionMandatory())
    .option('--approver-role <role...>', "roles a policy's @roles can require (dba, sre …)")
    .option('--acts-for <human>', 'for agent tokens: the person the agent works for (cannot approve its requests)')
    .option('--json', 'print the token and its details as JSON')
    .action(async (options: { name: string; role: TokenRole; approverRole?: string[]; actsFor?: string; json?: boolean }) => {
      await withStore(io, async (store, audit) => {
        const { createToken } = await import('../../gateway/tokens.js');
        const value = await createToken(store, { name: options.name, role: options.role, approverRoles: options.approverRole, actsFor: options.actsFor });
        await audit.record({
          type: 'token',
          at: new Date().toISOString(),
          body: { action: 'created', name: options.name, role: options.role, approverRoles: options.approverRole ?? [], actsFor: options.actsFor ?? null, by: 'cli' },
        });
        if (options.json) {
          write(io.stdout, JSON.stringify({ token: value, name: options.name, role: options.role, approverRoles: options.approverRole ?? [], actsFor: options.actsFor ?? null }, null, 2));
        } else {
          write(io.stderr, `created ${options.role} token for ${options.name} (shown once; keep it secret):`);
          write(io.stdout, value);
        }
      });
    });

  token
    .command('list')
    .description('tokens by name and role (never their secrets)')
    .option('--json', 'as JSON')
    .action(async (options: { json?: boolean }) => {
      await withStore(io, async (store) => {
        const tokens = (await store.listTokens()).map(({ secretHash: _hash, ...rest }) => rest);
        if (options.json) write(io.stdout, JSON.stringify(tokens, null, 2));
        else if (tokens.length === 0) write(io.stdout, 'no tokens yet: `airlock token create --role approver --name <you>`');
        else for (const t of tokens) write(io.stdout, `${t.name.padEnd(20)} ${t.role.padEnd(9)} ${t.revokedAt ? `revoked ${t.revokedAt}` : `since ${t.createdAt}`}${t.approverRoles.length ? `  roles: ${t.approverRoles.join(',')}` : ''}${t.actsFor ? `  acts for ${t.actsFor}` : ''}`);
      });
    });

  token
    .command('revoke')
    .description('revoke every token with this name')
    .requiredOption('--name <name>', 'the token holder')
    .action(async (options: { name: string }) => {
      await withStore(io, async (store, audit) => {
        const count = await store.revokeToken(options.name, new Date());
        await audit.record({ type: 'token', at: new Date().toISOString(), body: { action: 'revoked', name: options.name, count, by: 'cli' } });
        write(io.stdout, count ? `revoked ${count} token${count === 1 ? '' : 's'} of ${options.name}` : `no active token named ${options.name}`);
        io.exitCode = count ? 0 : 1;
      });
    });
}

async function withStore(
  io: CliIo,
  work: (store: import('../../store/index.js').GatewayStore, audit: import('../../audit/index.js').AuditLog) => Promise<void>,
): Promise<void> {
  const { openSqliteGatewayStore, openSqliteAuditStore } = await import('../../store/index.js');
  const { createAuditLog } = await import('../../audit/index.js');
  const { gatewayDatabasePath } = await import('../../gateway/gateway-paths.js');
  const { auditDatabasePath } = await import('../../pipeline/index.js');
  const store = await openSqliteGatewayStore({ path: gatewayDatabasePath(io.env) });
  const audit = createAuditLog(await openSqliteAuditStore({ path: auditDatabasePath(io.env) }));
  try {
    await work(store, audit);
  } finally {
    await store.close();
    await audit.close();
  }
}
