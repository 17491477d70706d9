import type { Command } from 'commander';
import { AirlockError } from '../../errors/index.js';
import { write, type CliIo } from '../cli-io.js';

/**
 * `airlock inventory refresh|show`: read the configured sources (a live PostgreSQL catalog, a
 * Kubernetes snapshot, a Terraform state, CloudFormation stack resources) into the cached
 * inventory decisions use for their blast radius, and look at what it knows.
 */
export function registerInventory(program: Command, io: CliIo): void {
  const inventory = program
    .command('inventory')
    .description('the resource graph blast radius comes from: what exists, and what depends on what')
    .addHelpText('after', '\nSources are configured under inventory.sources and inventory.services in airlock.yaml.');

  inventory
    .command('refresh')
    .description('read every configured source again and rewrite the cache; exit 1 if any source failed (its last good reading is kept)')
    .option('--source <name...>', 'refresh only these sources')
    .option('--config <path>', 'airlock.yaml to use')
    .option('--json', 'print the outcome per source as JSON')
    .action(async (options: { source?: string[]; config?: string; json?: boolean }) => {
      const { loadAirlockConfig, airlockHome } = await import('../../pipeline/runtime.js');
      const { inventoryCachePath, readInventory, writeInventory } = await import('../../store/inventory-cache.js');
      const { refreshInventory } = await import('../../inventory-refresh/refresh-inventory.js');
      const config = loadAirlockConfig({ configPath: options.config, cwd: io.cwd, env: io.env });
      if (Object.keys(config.inventory.sources).length === 0) {
        throw new AirlockError('config_invalid', `no inventory sources are configured${config.source ? ` in ${config.source}` : ''}`, {
          hint: 'add inventory.sources to airlock.yaml, e.g. `orders-db: { type: postgres, environment: production, urlEnv: ORDERS_DB_URL }`',
        });
      }
      const path = inventoryCachePath(config, airlockHome(io.env));
      let previous;
      try {
        previous = readInventory(path);
      } catch {
        previous = undefined; // a damaged cache is simply rebuilt
      }
      const { snapshot, outcomes } = await refreshInventory({ config, env: io.env, previous, only: options.source });
      writeInventory(path, snapshot);
      if (options.json) write(io.stdout, JSON.stringify({ cache: path, sources: outcomes }, null, 2));
      else {
        for (const outcome of outcomes) {
          write(
            io.stdout,
            outcome.ok
              ? `${outcome.source} (${outcome.type}): ${outcome.nodes} resources, ${outcome.edges} dependencies in ${Math.round(outcome.ms)} ms`
              : `${outcome.source} (${outcome.type}): FAILED — ${outcome.error}${outcome.nodes ? ` (keeping the last reading: ${outcome.nodes} resources)` : ''}`,
          );
        }
        write(io.stdout, `inventory written to ${path}`);
      }
      io.exitCode = outcomes.every((outcome) => outcome.ok) ? 0 : 1;
    });

  inventory
    .command('show [resource]')
    .description('without a resource: each source, its environment, size and age; with one: what it is, what it depends on, and everything that depends on it (its blast radius if it went), with paths')
    .option('--env <name>', 'the environment to look in (default: every one)')
    .option('--config <path>', 'airlock.yaml to use')
    .option('--json', 'as JSON')
    .action(async (resource: string | undefined, options: { env?: string; config?: string; json?: boolean }) => {
      const { loadAirlockConfig, airlockHome } = await import('../../pipeline/runtime.js');
      const { inventoryCachePath, readInventory } = await import('../../store/inventory-cache.js');
      const { declaredParts } = await import('../../inventory/declared-services.js');
      const { partsFor } = await import('../../inventory/join-inventory.js');
      const { describeResource } = await import('../../inventory/describe-resource.js');
      const config = loadAirlockConfig({ configPath: options.config, cwd: io.cwd, env: io.env });
      const path = inventoryCachePath(config, airlockHome(io.env));
      const snapshot = readInventory(path);
      const all = [...(snapshot?.parts ?? []), ...declaredParts(config.inventory.services, snapshot?.refreshedAt ?? new Date().toISOString())];
      const parts = options.env ? partsFor(all, options.env) : all;

      if (!resource) {
        const summary = parts.map((part) => ({
          source: part.source,
          type: part.type,
          environment: part.environment,
          resources: part.nodes.length,
          dependencies: part.edges.length,
          refreshedAt: part.refreshedAt,
          ...(part.error ? { error: part.error } : {}),
        }));
        if (options.json) write(io.stdout, JSON.stringify({ cache: path, refreshedAt: snapshot?.refreshedAt ?? null, sources: summary }, null, 2));
        else if (!snapshot && summary.length === 0) write(io.stdout, `no inventory yet (${path}): configure inventory.sources in airlock.yaml, then run \`airlock inventory refresh\``);
        else {
          if (!snapshot) write(io.stdout, `not refreshed yet (${path}): run \`airlock inventory refresh\``);
          for (const row of summary) {
            write(io.stdout, `${row.source.padEnd(20)} ${row.type.padEnd(14)} ${(row.environment ?? 'any environment').padEnd(16)} ${String(row.resources).padStart(6)} resources ${String(row.dependencies).padStart(6)} dependencies  ${row.refreshedAt}${row.error ? `  last refresh failed: ${row.error}` : ''}`);
          }
        }
        return;
      }

      const found = describeResource(parts, resource);
      if (!found) {
        io.exitCode = 1;
        write(io.stderr, `airlock: ${resource} is not in the inventory${options.env ? ` of ${options.env}` : ''}`);
        write(io.stderr, '  hint: addresses look like test.public.customers, payments/deployment/api, namespace/payments, module.db.aws_db_instance.main; `airlock inventory show` lists the sources');
        return;
      }
      if (options.json) {
        write(io.stdout, JSON.stringify(found, null, 2));
        return;
      }
      const flags = [found.node.dataBearing ? 'holds data' : '', found.node.customerFacing ? 'customer-facing' : ''].filter(Boolean);
      write(io.stdout, `${found.node.address}  (${found.node.kind}${flags.length ? `, ${flags.join(', ')}` : ''})  from ${found.sources.join(', ')}`);
      for (const [key, value] of Object.entries(found.node.tags ?? {})) write(io.stdout, `  ${key}: ${value}`);
      write(io.stdout, '');
      write(io.stdout, found.dependsOn.length ? 'Depends on:' : 'Depends on nothing the inventory knows.');
      for (const edge of found.dependsOn) write(io.stdout, `  ${edge.via} ${edge.to}`);
      write(io.stdout, '');
      const radius = found.blastRadius;
      write(io.stdout, radius.dependents.length ? `Depends on it (${radius.dependents.length}; reached if it were deleted):` : 'Nothing depends on it.');
      for (const line of found.paths) write(io.stdout, `  ${line}`);
      if (radius.customerFacing.length) write(io.stdout, `  customer-facing: ${radius.customerFacing.join(', ')}`);
    });
}
