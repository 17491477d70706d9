import picomatch from 'picomatch';
import type { Config, EnvironmentConfig } from '../config/index.js';
import { criticalityRank, looksLikeProduction, type Environment, type EnvironmentHints } from '../model/index.js';

export { looksLikeProduction };

/** The environment used when nothing in a change is recognised and the config names no default. */
export const UNKNOWN_ENVIRONMENT = 'unknown';

const ENVIRONMENT_TAG_KEYS = new Set(['environment', 'env', 'stage', 'tier']);

export interface RecognizeInput {
  /** Named explicitly (--env, AIRLOCK_ENV); wins over every hint. */
  readonly explicit?: string | undefined;
  readonly hints: EnvironmentHints;
}

interface Candidate {
  readonly environment: Environment;
}

/**
 * Decides which environment a change targets. Pure: config + hints in, Environment out.
 * With several candidates (a command that touches two clusters) the most critical wins, so a
 * change is never judged by its mildest target.
 */
export function recognizeEnvironment(config: Config, input: RecognizeInput): Environment {
  const fromHints = bestOfHints(config, input.hints);
  if (input.explicit) {
    const pinned = describeNamed(config, input.explicit, `named explicitly (${input.explicit})`);
    // A pin says where the agent works; a change that itself names a more critical target (a
    // production kube context, a plan tagged production) is judged by that target instead.
    if (fromHints && compareCriticality(fromHints, pinned) < 0) {
      return { ...fromHints, recognizedBy: `${fromHints.recognizedBy}, which is more critical than the pinned ${input.explicit}` };
    }
    return pinned;
  }
  if (fromHints) return fromHints;
  if (config.defaults.environment) {
    return describeNamed(config, config.defaults.environment, 'defaults.environment in the config');
  }
  return { name: UNKNOWN_ENVIRONMENT, production: false, criticality: 'medium', recognizedBy: 'not recognised' };
}

/** The most critical environment any hint points at, if any does. */
function bestOfHints(config: Config, hints: EnvironmentHints): Environment | undefined {
  const candidates: Candidate[] = [];
  const add = (environment: Environment | undefined) => {
    if (environment) candidates.push({ environment });
  };
  for (const value of hints.terraformWorkspaces) add(byHint(config, 'terraformWorkspaces', value, `Terraform workspace ${value}`));
  for (const value of hints.kubeContexts) add(byHint(config, 'kubeContexts', value, `kube context ${value}`));
  for (const value of hints.kubeNamespaces) add(byNamespace(config, value));
  for (const value of hints.awsProfiles) add(byHint(config, 'awsProfiles', value, `AWS profile ${value}`));
  for (const value of hints.names) add(byHint(config, 'names', value, `environment name ${value}`));
  for (const value of hints.paths) add(byPath(config, value));
  for (const tags of hints.tags) add(byTags(config, tags));

  return candidates.map((c) => c.environment).sort(compareCriticality)[0];
}

/** Most critical first: production before non-production, then by criticality. */
function compareCriticality(a: Environment, b: Environment): number {
  if (a.production !== b.production) return a.production ? -1 : 1;
  return criticalityRank(b.criticality) - criticalityRank(a.criticality);
}

/** An environment by name: the configured one, one whose match.names lists it, or one inferred from the name. */
function describeNamed(config: Config, name: string, recognizedBy: string): Environment {
  const configured = config.environments[name];
  if (configured) return fromConfig(name, configured, recognizedBy);
  for (const [envName, envConfig] of Object.entries(config.environments)) {
    if (envConfig.match.names.some((glob) => matches(glob, name))) return fromConfig(envName, envConfig, recognizedBy);
  }
  return inferred(name, recognizedBy);
}

type HintField = 'terraformWorkspaces' | 'kubeContexts' | 'awsProfiles' | 'names';

function byHint(config: Config, field: HintField, value: string, recognizedBy: string): Environment | undefined {
  for (const [name, envConfig] of Object.entries(config.environments)) {
    if (envConfig.match[field].some((glob) => matches(glob, value))) return fromConfig(name, envConfig, recognizedBy);
    if (field === 'names' && name === value) return fromConfig(name, envConfig, recognizedBy);
  }
  // An environment configured under this very name (a workspace called eu-main, say).
  const configured = config.environments[value];
  if (configured) return fromConfig(value, configured, recognizedBy);
  // Not configured: the value names its own environment, production if it looks like it.
  return inferred(value, recognizedBy);
}

/**
 * A namespace counts only when the config maps it or its name looks like production: most
 * namespaces (`payments`, `default`) name a team or an app, not an environment, and taking them
 * as one would make an unrecognised change look like a mild one.
 */
function byNamespace(config: Config, namespace: string): Environment | undefined {
  for (const [name, envConfig] of Object.entries(config.environments)) {
    if (envConfig.match.kubeNamespaces.some((glob) => matches(glob, namespace))) return fromConfig(name, envConfig, `kube namespace ${namespace}`);
  }
  return looksLikeProduction(namespace) ? inferred(namespace, `kube namespace ${namespace}`) : undefined;
}

function byPath(config: Config, path: string): Environment | undefined {
  for (const [name, envConfig] of Object.entries(config.environments)) {
    if (envConfig.match.paths.some((glob) => matches(glob, path))) return fromConfig(name, envConfig, `path ${path}`);
  }
  const segment = path.split('/').find((part) => /^(prod|production|live|prd)$/i.test(part));
  return segment ? inferred(segment, `path ${path}`) : undefined;
}

function byTags(config: Config, tags: Record<string, string>): Environment | undefined {
  const lowered = new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [name, envConfig] of Object.entries(config.environments)) {
    for (const [key, accepted] of Object.entries(envConfig.match.tags)) {
      const value = lowered.get(key.toLowerCase());
      const values = Array.isArray(accepted) ? accepted : [accepted];
      if (value !== undefined && values.some((glob) => matches(glob, value))) return fromConfig(name, envConfig, `tag ${key}=${value}`);
    }
  }
  for (const [key, value] of lowered) {
    if (ENVIRONMENT_TAG_KEYS.has(key)) return describeNamed(config, value, `tag ${key}=${value}`);
  }
  return undefined;
}

function fromConfig(name: string, envConfig: EnvironmentConfig, recognizedBy: string): Environment {
  const production = envConfig.production ?? looksLikeProduction(name);
  return { name, production, criticality: envConfig.criticality ?? (production ? 'critical' : 'low'), recognizedBy };
}

function inferred(name: string, recognizedBy: string): Environment {
  const production = looksLikeProduction(name);
  return { name, production, criticality: production ? 'critical' : 'low', recognizedBy };
}

const matcherCache = new Map<string, (value: string) => boolean>();

function matches(glob: string, value: string): boolean {
  let matcher = matcherCache.get(glob);
  if (!matcher) {
    matcher = picomatch(glob, { dot: true, nocase: true });
    matcherCache.set(glob, matcher);
  }
  return matcher(value);
}
