import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config/index.js';
import { AirlockError } from '../errors/index.js';
import { InventorySnapshotSchema, type InventorySnapshot } from '../inventory/inventory-model.js';

/** Where the inventory is cached: inventory.cache (relative to airlock.yaml), else AIRLOCK_HOME/inventory.json. */
export function inventoryCachePath(config: Config, airlockHome: string): string {
  return config.inventory.cache ? resolve(config.baseDir, config.inventory.cache) : join(airlockHome, 'inventory.json');
}

/** The cached inventory, or undefined when none was refreshed yet. A damaged cache is an error, not "empty". */
export function readInventory(path: string): InventorySnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AirlockError('config_invalid', `cannot read the inventory at ${path}: ${(cause as Error).message}`, { cause, hint: 'run `airlock inventory refresh`' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AirlockError('config_invalid', `the inventory at ${path} is not valid JSON`, { cause, hint: 'run `airlock inventory refresh` to rebuild it' });
  }
  const parsed = InventorySnapshotSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AirlockError('config_invalid', `the inventory at ${path} is damaged (${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'})`, {
      hint: 'run `airlock inventory refresh` to rebuild it',
    });
  }
  return parsed.data;
}

/** Written beside and renamed over the old file, so a reader never sees half an inventory. */
export function writeInventory(path: string, snapshot: InventorySnapshot): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(snapshot), { mode: 0o600 });
  renameSync(temporary, path);
}

/**
 * The cached inventory for a long-running process: read on first use and again whenever the file
 * changes (a refresh from the CLI or cron), checked with one stat per decision.
 */
export function createInventoryReader(path: string): () => InventorySnapshot | undefined {
  let cached: { key: string; snapshot: InventorySnapshot | undefined } | undefined;
  return () => {
    let key: string;
    try {
      const stat = statSync(path);
      key = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    } catch {
      key = 'missing';
    }
    if (cached?.key !== key) cached = { key, snapshot: key === 'missing' ? undefined : readInventory(path) };
    return cached.snapshot;
  };
}
