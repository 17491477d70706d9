import { ConfigFileSchema, type ConfigFile } from './config-schema.js';

/** The effective configuration: airlock.yaml (or defaults) plus where it came from. Frozen. */
export interface Config extends ConfigFile {
  /** Absolute path of the file it was read from, or null for the built-in defaults. */
  readonly source: string | null;
  /** Directory that relative paths in the file (policy files) resolve against. */
  readonly baseDir: string;
}

/** The configuration used when there is no airlock.yaml at all. */
export function defaultConfig(baseDir: string): Config {
  return freezeConfig(ConfigFileSchema.parse({}), null, baseDir);
}

export function freezeConfig(file: ConfigFile, source: string | null, baseDir: string): Config {
  return deepFreeze({ ...file, source, baseDir });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
