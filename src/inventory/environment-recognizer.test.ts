import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfigText } from '../config/index.js';
import { emptyHints, mergeHints } from '../model/index.js';
import { looksLikeProduction, recognizeEnvironment } from './environment-recognizer.js';

const none = defaultConfig('/tmp');
const hints = (h: Parameters<typeof mergeHints>[0]) => mergeHints(emptyHints(), h);

describe('environment recognition without any config', () => {
  it.each(['prod', 'production', 'live', 'prod-eu-1', 'eks-prod', 'arn:aws:eks:eu-west-1:1:cluster/prod', 'PRD', 'prod01', 'prod2', 'eks-prod1', 'production2x'])('%s looks like production', (name) => {
    expect(looksLikeProduction(name)).toBe(true);
  });
  it.each(['dev', 'staging', 'preprod', 'product-catalog', 'livestock', 'prodeu'])('%s does not', (name) => {
    expect(looksLikeProduction(name)).toBe(false);
  });

  it('an explicit --env wins over hints that are no more critical', () => {
    const env = recognizeEnvironment(none, { explicit: 'dev', hints: hints({ kubeContexts: ['minikube'], terraformWorkspaces: ['staging'] }) });
    expect(env).toMatchObject({ name: 'dev', production: false, recognizedBy: 'named explicitly (dev)' });
  });

  it('but a change that itself names a more critical target is judged by it', () => {
    const env = recognizeEnvironment(none, { explicit: 'dev', hints: hints({ kubeContexts: ['prod-eks'] }) });
    expect(env).toMatchObject({ name: 'prod-eks', production: true });
    expect(env.recognizedBy).toMatch(/more critical than the pinned dev/);
  });

  it('a production kube context makes the change production', () => {
    expect(recognizeEnvironment(none, { hints: hints({ kubeContexts: ['prod-cluster'] }) })).toMatchObject({ name: 'prod-cluster', production: true, criticality: 'critical' });
  });

  it('the most critical of several targets wins', () => {
    const env = recognizeEnvironment(none, { hints: hints({ terraformWorkspaces: ['dev'], awsProfiles: ['live'] }) });
    expect(env).toMatchObject({ name: 'live', production: true });
  });

  it('reads an Environment tag and a /prod/ path segment', () => {
    expect(recognizeEnvironment(none, { hints: hints({ tags: [{ Environment: 'production' }] }) })).toMatchObject({ name: 'production', production: true });
    expect(recognizeEnvironment(none, { hints: hints({ paths: ['/srv/prod/app'] }) })).toMatchObject({ production: true });
    expect(recognizeEnvironment(none, { hints: hints({ paths: ['/home/me/product'] }) })).toMatchObject({ name: 'unknown', production: false });
  });

  it('says so when nothing is recognised', () => {
    expect(recognizeEnvironment(none, { hints: emptyHints() })).toEqual({ name: 'unknown', production: false, criticality: 'medium', recognizedBy: 'not recognised' });
  });
});

describe('environment recognition with a config', () => {
  const config = parseConfigText(
    `
defaults: { environment: sandbox }
environments:
  production:
    match:
      kubeContexts: ["gke_*_europe-west1_main"]
      awsProfiles: [company-main]
      paths: ["/srv/app/**"]
      tags: { stage: [live] }
      names: [prd, prod]
  staging:
    criticality: high
    match: { terraformWorkspaces: ["stg-*"] }
  sandbox: {}
  legacy-prod:
    production: false
`,
    '/etc/airlock.yaml',
  );

  it('maps kube contexts, AWS profiles, paths, tags and names by glob', () => {
    expect(recognizeEnvironment(config, { hints: hints({ kubeContexts: ['gke_acme_europe-west1_main'] }) }).name).toBe('production');
    expect(recognizeEnvironment(config, { hints: hints({ awsProfiles: ['company-main'] }) }).name).toBe('production');
    expect(recognizeEnvironment(config, { hints: hints({ paths: ['/srv/app/releases/42'] }) }).name).toBe('production');
    expect(recognizeEnvironment(config, { hints: hints({ tags: [{ Stage: 'live' }] }) }).name).toBe('production');
    expect(recognizeEnvironment(config, { explicit: 'prd', hints: emptyHints() }).name).toBe('production');
  });

  it('takes criticality and the production flag from the config', () => {
    expect(recognizeEnvironment(config, { hints: hints({ terraformWorkspaces: ['stg-eu'] }) })).toMatchObject({ name: 'staging', production: false, criticality: 'high' });
    expect(recognizeEnvironment(config, { explicit: 'legacy-prod', hints: emptyHints() })).toMatchObject({ production: false, criticality: 'low' });
  });

  it('finds a configured environment by the workspace, context or profile of the same name', () => {
    const named = parseConfigText('environments:\n  eu-main: { production: true }\n', '/etc/airlock.yaml');
    for (const h of [{ terraformWorkspaces: ['eu-main'] }, { kubeContexts: ['eu-main'] }, { awsProfiles: ['eu-main'] }]) {
      expect(recognizeEnvironment(named, { hints: hints(h) })).toMatchObject({ name: 'eu-main', production: true, criticality: 'critical' });
    }
  });

  it('falls back to defaults.environment', () => {
    expect(recognizeEnvironment(config, { hints: emptyHints() })).toMatchObject({ name: 'sandbox', recognizedBy: 'defaults.environment in the config' });
  });
});
