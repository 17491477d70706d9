import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import { AirlockError } from '../errors/index.js';
import { filesIn } from '../platform/files-in.js';
import type { PolicySource } from '../policy/policy-source.js';

/** The `policy/` folder shipped with Airlock: the Cedar schema and the default pack. */
export const PACKAGE_POLICY_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../policy');
export const SCHEMA_PATH = join(PACKAGE_POLICY_DIR, 'airlock.cedarschema');
export const DEFAULT_PACK_DIR = join(PACKAGE_POLICY_DIR, 'default');

export function readSchema(): string {
  return readFileSync(SCHEMA_PATH, 'utf8');
}

/** The default pack (unless `policies.defaults: false`), then the user's enforced and shadow files. */
export function loadPolicySources(config: Config): PolicySource[] {
  const sources: PolicySource[] = [];
  if (config.policies.defaults) {
    for (const file of cedarFilesIn(DEFAULT_PACK_DIR)) {
      sources.push({ file: `default/${relative(DEFAULT_PACK_DIR, file)}`, text: readFileSync(file, 'utf8'), set: 'enforce' });
    }
  }
  for (const [set, entries] of [['enforce', config.policies.files], ['shadow', config.policies.shadow]] as const) {
    for (const entry of entries) {
      const path = resolve(config.baseDir, entry);
      if (!existsSync(path)) {
        throw new AirlockError('config_invalid', `policy file ${path} (policies.${set === 'enforce' ? 'files' : 'shadow'} in ${config.source ?? 'config'}) does not exist`, {
          hint: 'paths are relative to airlock.yaml',
        });
      }
      const files = statSync(path).isDirectory() ? cedarFilesIn(path) : [path];
      for (const file of files) sources.push({ file: relative(config.baseDir, file) || file, text: readFileSync(file, 'utf8'), set });
    }
  }
  if (sources.filter((s) => s.set === 'enforce').length === 0) {
    throw new AirlockError('config_invalid', 'no enforced policies: the default pack is off and policies.files is empty', {
      hint: 'set policies.defaults: true or list your .cedar files under policies.files (with none, everything would be denied)',
    });
  }
  return sources;
}

const cedarFilesIn = (dir: string) => filesIn(dir, (name) => name.endsWith('.cedar'));
