import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';

/**
 * Facts about the agent's surroundings that tell the environment when a command does not say:
 * the current kube context, the AWS profile, the Terraform workspace. Read only when an analysis
 * asks (a kubectl call without --context), so a plain `ls` never touches the kubeconfig.
 */
export interface AmbientProbe {
  kubeContext(): string | undefined;
  awsProfile(): string | undefined;
  terraformWorkspace(cwd: string | undefined): string | undefined;
}

/** Reads the real surroundings: KUBECONFIG / ~/.kube/config, AWS_PROFILE, TF_WORKSPACE / .terraform/environment. */
export function createAmbientProbe(env: Readonly<Record<string, string | undefined>>, home = homedir()): AmbientProbe {
  return {
    kubeContext() {
      const files = env['KUBECONFIG'] ? env['KUBECONFIG'].split(delimiter).filter(Boolean) : [join(home, '.kube', 'config')];
      // kubectl takes current-context from the first file that sets it.
      for (const file of files) {
        try {
          if (!existsSync(file)) continue;
          const doc: unknown = parse(readFileSync(file, 'utf8'));
          if (doc && typeof doc === 'object' && 'current-context' in doc) {
            const current = (doc as { 'current-context'?: unknown })['current-context'];
            if (typeof current === 'string' && current) return current;
          }
        } catch {
          // An unreadable kubeconfig is not a reason to block; the context just stays unknown.
        }
      }
      return undefined;
    },
    awsProfile() {
      return env['AWS_PROFILE'] || env['AWS_DEFAULT_PROFILE'] || undefined;
    },
    terraformWorkspace(cwd) {
      if (env['TF_WORKSPACE']) return env['TF_WORKSPACE'];
      if (!cwd) return undefined;
      try {
        const file = join(cwd, '.terraform', 'environment');
        if (existsSync(file)) return readFileSync(file, 'utf8').trim() || undefined;
      } catch {
        return undefined;
      }
      return undefined;
    },
  };
}

/** A probe that knows nothing (scenarios, tests): environments come only from the change itself. */
export const NO_AMBIENT: AmbientProbe = {
  kubeContext: () => undefined,
  awsProfile: () => undefined,
  terraformWorkspace: () => undefined,
};
