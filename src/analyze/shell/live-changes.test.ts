import { describe, expect, it } from 'vitest';
import { analyzeCommand } from './shell-test-kit.js';

/**
 * Changes to live systems that looked like small reversible updates and were allowed in
 * production under guarded (found in review). Each must be irreversible, or destroy data.
 */
describe('changes to live systems are not reversible updates', () => {
  it.each([
    'aws cloudformation update-stack --stack-name prod --template-body file://empty.yaml',
    'aws cloudformation deploy --stack-name prod --template-file t.yaml',
    'aws ecs update-service --cluster main --service web --desired-count 0',
    'aws autoscaling update-auto-scaling-group --auto-scaling-group-name web --min-size 0 --max-size 0 --desired-capacity 0',
    'aws s3api put-bucket-policy --bucket orders --policy file://p.json',
    'aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch file://c.json',
    'aws ec2 revoke-security-group-ingress --group-id sg-1 --protocol tcp --port 443 --cidr 0.0.0.0/0',
    'kubectl scale deploy web --replicas=00',
    'kubectl scale deploy web --replicas 00',
    `kubectl patch deploy web -p '{"spec":{"replicas":0}}'`,
    `kubectl patch statefulset db --type=json -p '[{"op":"remove","path":"/spec/template"}]'`,
    `kubectl patch deploy web --type merge -p '{"spec":{"template":null}}'`,
    'kubectl patch deploy web -p "$PATCH"',
  ])('%s', (command) => {
    const writes = analyzeCommand(command).effects.filter((e) => e.operation !== 'read');
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.some((e) => !e.reversible || e.destroysData)).toBe(true);
  });

  it('names the service it stops', () => {
    const [effect] = analyzeCommand('aws ecs update-service --cluster main --service web --desired-count 0').effects;
    expect(effect!.resource.address).not.toBe('update-service');
    expect(effect!.summary).toMatch(/--desired-count 0 .* stops it/);
  });

  it('a DynamoDB batch write may delete items', () => {
    expect(analyzeCommand('aws dynamodb batch-write-item --request-items file://items.json').effects[0]).toMatchObject({ destroysData: true });
  });

  it('ln -sf over an existing file destroys what it held', () => {
    expect(analyzeCommand('ln -sf /dev/null prod.db').effects[0]).toMatchObject({ destroysData: true, reversible: false });
    expect(analyzeCommand('ln -sf /dev/null prod.db', { cwd: '/srv/app', pathExists: () => false }).effects[0]).toMatchObject({ destroysData: false });
  });

  it('still treats harmless changes as reversible', () => {
    expect(analyzeCommand(`kubectl patch deploy web -p '{"spec":{"replicas":3}}'`).effects[0]).toMatchObject({ reversible: true });
    expect(analyzeCommand('aws ec2 create-tags --resources i-1 --tags Key=a,Value=b').effects[0]).toMatchObject({ reversible: true });
    expect(analyzeCommand('aws lambda tag-resource --resource arn:x --tags a=b').effects[0]).toMatchObject({ reversible: true });
    expect(analyzeCommand('kubectl scale deploy web --replicas=3').effects[0]).toMatchObject({ reversible: true });
  });
});
