import { describe, expect, it } from 'vitest';
import { analyzeCommand, shapesOf, type EffectShape } from './shell-test-kit.js';

type Case = [command: string, expected: Array<Partial<EffectShape>>];

function expectEffects(command: string, expected: Array<Partial<EffectShape>>): void {
  const shapes = shapesOf(command);
  for (const effect of expected) expect(shapes, command).toContainEqual(expect.objectContaining(effect));
}

describe('aws', () => {
  it.each<Case>([
    ['aws s3 rm s3://b --recursive', [{ operation: 'delete', kind: 'aws.s3', address: 's3://b', destroysData: true, reversible: false }]],
    ['aws s3 rm s3://b/key', [{ operation: 'delete', kind: 'aws.s3', address: 's3://b/key', destroysData: true }]],
    ['aws s3 rb s3://b --force', [{ operation: 'delete', kind: 'aws.s3', address: 's3://b', destroysData: true }]],
    ['aws s3 mv s3://a/x s3://b/x', [{ operation: 'update', address: 's3://b/x', destroysData: true }]],
    ['aws s3 sync ./site s3://b --delete', [{ operation: 'delete', address: 's3://b', destroysData: true }, { operation: 'update', address: 's3://b' }]],
    ['aws s3 sync ./site s3://b', [{ operation: 'update', address: 's3://b', destroysData: false }]],
    ['aws s3 cp x.txt s3://b/x.txt', [{ operation: 'update', address: 's3://b/x.txt' }]],
    ['aws s3 mb s3://new', [{ operation: 'create', address: 's3://new' }]],
    ['aws --profile prod rds delete-db-instance --db-instance-identifier db --skip-final-snapshot', [{ operation: 'delete', kind: 'aws.rds', address: 'db', destroysData: true, reversible: false }]],
    ['aws rds delete-db-cluster --db-cluster-identifier c', [{ operation: 'delete', kind: 'aws.rds', address: 'c', destroysData: true }]],
    ['aws dynamodb delete-table --table-name orders', [{ operation: 'delete', kind: 'aws.dynamodb', address: 'orders', destroysData: true }]],
    ['aws ec2 terminate-instances --instance-ids i-1 i-2', [{ operation: 'delete', kind: 'aws.ec2', address: 'i-1' }, { operation: 'delete', address: 'i-2' }]],
    ['aws ec2 delete-volume --volume-id vol-1', [{ operation: 'delete', address: 'vol-1', destroysData: true }]],
    ['aws ec2 delete-security-group --group-id sg-1', [{ operation: 'delete', address: 'sg-1', destroysData: false }]],
    ['aws iam delete-role --role-name r', [{ operation: 'delete', kind: 'aws.iam', address: 'r', destroysData: false }]],
    ['aws kms schedule-key-deletion --key-id k', [{ operation: 'delete', kind: 'aws.kms', destroysData: true }]],
    ['aws kms disable-key --key-id k', [{ operation: 'delete', kind: 'aws.kms' }]],
    ['aws ssm delete-parameters --names a b', [{ operation: 'delete', kind: 'aws.ssm', destroysData: true }]],
    ['aws route53 delete-hosted-zone --id Z1', [{ operation: 'delete', kind: 'aws.route53', destroysData: true }]],
    ['aws sqs purge-queue --queue-url https://q', [{ operation: 'delete', kind: 'aws.sqs', destroysData: true }]],
    ['aws cloudformation delete-stack --stack-name prod-app', [{ operation: 'delete', kind: 'aws.cloudformation.stack', address: 'prod-app', destroysData: true }]],
    ['aws ec2 run-instances --image-id ami-1', [{ operation: 'create', kind: 'aws.ec2', reversible: true }]],
    ['aws ec2 stop-instances --instance-ids i-1', [{ operation: 'update', address: 'i-1', reversible: false }]],
    ['aws ec2 reboot-instances --instance-ids i-1', [{ operation: 'update', reversible: false }]],
    ['aws lambda update-function-code --function-name f --zip-file fileb://x.zip', [{ operation: 'update', kind: 'aws.lambda', address: 'f', reversible: false }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it.each(['aws s3 ls', 'aws s3 ls s3://b/prefix/', 'aws sts get-caller-identity', 'aws ec2 describe-instances --output json', 'aws rds list-tags-for-resource --resource-name x', 'aws ssm get-parameter --name x', 'aws ec2 terminate-instances --instance-ids i-1 --dry-run'])(
    '%j only reads',
    (command) => {
      expect(shapesOf(command).map((shape) => shape.operation)).toEqual(['read']);
    },
  );

  it('says when no final snapshot is kept', () => {
    expect(analyzeCommand('aws rds delete-db-instance --db-instance-identifier db --skip-final-snapshot').effects[0]?.summary).toMatch(/skip-final-snapshot/);
  });

  it('takes the profile from --profile, --profile= or AWS_PROFILE, and needs one otherwise', () => {
    expect(analyzeCommand('aws --profile prod s3 ls').hints.awsProfiles).toEqual(['prod']);
    expect(analyzeCommand('aws s3 ls --profile=stage').hints.awsProfiles).toEqual(['stage']);
    expect(analyzeCommand('AWS_PROFILE=prod aws s3 ls').hints.awsProfiles).toEqual(['prod']);
    expect(analyzeCommand('export AWS_PROFILE=prod; aws s3 ls').hints.awsProfiles).toEqual(['prod']);
    expect(analyzeCommand('export AWS_PROFILE=prod; aws s3 ls').needs?.awsProfile).toBeUndefined();
    expect(analyzeCommand('aws s3 ls').needs?.awsProfile).toBe(true);
  });

  it('finds the service after global options with values', () => {
    expect(shapesOf('aws --region eu-west-1 --output json --endpoint-url http://localhost:4566 --query x --no-cli-pager --debug dynamodb delete-table --table-name t')).toContainEqual(
      expect.objectContaining({ operation: 'delete', kind: 'aws.dynamodb', address: 't' }),
    );
  });
});

describe('gcloud and az', () => {
  it.each<Case>([
    ['gcloud compute instances delete vm-1 --zone europe-west1-b', [{ operation: 'delete', kind: 'gcloud.compute.instances', address: 'vm-1', destroysData: true, reversible: false }]],
    ['gcloud sql instances delete db --quiet', [{ operation: 'delete', kind: 'gcloud.sql.instances', address: 'db' }]],
    ['az group delete --name rg --yes', [{ operation: 'delete', kind: 'azure.group', address: 'rg', destroysData: true }]],
    ['gcloud compute instances start vm-1', [{ operation: 'update', reversible: true }]],
    ['az vm restart -n vm -g rg', [{ operation: 'update', reversible: true }]],
  ])('%j', (command, expected) => expectEffects(command, expected));

  it.each(['gcloud compute instances list', 'gcloud projects describe p', 'az vm show -n x -g rg', 'az account get-access-token'])('%j only reads', (command) => {
    expect(shapesOf(command).map((shape) => shape.operation)).toEqual(['read']);
  });
});
