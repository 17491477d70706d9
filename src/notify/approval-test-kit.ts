import type { ApprovalRequest } from '../approvals/approval-request.js';
import type { Effect } from '../model/index.js';

const effects: Effect[] = [
  {
    operation: 'read',
    resource: { kind: 'terraform.aws_vpc', address: 'data.aws_vpc.main' },
    reversible: true,
    destroysData: false,
    summary: 'reads the VPC',
  },
  {
    operation: 'update',
    resource: { kind: 'terraform.aws_ecs_service', address: 'aws_ecs_service.orders', customerFacing: true },
    reversible: true,
    destroysData: false,
    summary: 'updates the ECS service aws_ecs_service.orders in place',
  },
  {
    operation: 'create',
    resource: { kind: 'terraform.aws_s3_bucket', address: 'aws_s3_bucket.exports' },
    reversible: true,
    destroysData: false,
    summary: 'creates the S3 bucket aws_s3_bucket.exports',
  },
  {
    operation: 'replace',
    resource: { kind: 'terraform.aws_lb', address: 'aws_lb.public', customerFacing: true },
    reversible: false,
    destroysData: false,
    summary: 'replaces the load balancer aws_lb.public (destroy, then create)',
  },
  {
    operation: 'delete',
    resource: { kind: 'terraform.aws_db_instance', address: 'aws_db_instance.main', dataBearing: true },
    reversible: false,
    destroysData: true,
    summary: 'deletes the database aws_db_instance.main and all its data',
  },
];

/**
 * A pending request as the gateway would store it for a `terraform apply` in production that
 * deletes a database. The payload holds a "secret" so tests can check it never leaves Airlock.
 */
export function approvalFixture(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  const base: ApprovalRequest = {
    id: 'apr_01JD7Y8Q3N',
    state: 'pending',
    createdAt: '2026-11-24T12:00:00.000Z',
    expiresAt: '2026-11-24T12:30:00.000Z',
    updatedAt: '2026-11-24T12:00:00.000Z',
    agent: 'claude-code',
    actsFor: 'alice',
    environment: 'prod',
    kind: 'terraform',
    digest: 'a3f1c2'.padEnd(64, '0'),
    policyVersion: 'pv-7',
    summary:
      'claude-code wants to deletes the database aws_db_instance.main and all its data; replaces the load balancer aws_lb.public (destroy, then create); and 2 more in prod (critical severity, blast radius 7)',
    change: {
      id: 'chg_01JD7Y8Q3M',
      kind: 'terraform',
      source: 'claude-code',
      agent: 'claude-code',
      payload: { plan: { resource_changes: [] }, variables: { db_password: 'SUPER-SECRET-PASSWORD' } },
      target: { cwd: '/srv/infra/envs/prod', environment: 'prod' },
      digest: 'a3f1c2'.padEnd(64, '0'),
      receivedAt: '2026-11-24T12:00:00.000Z',
    },
    assessment: {
      environment: { name: 'prod', production: true, criticality: 'critical', recognizedBy: '--env flag' },
      effects,
      blastRadius: {
        direct: ['aws_ecs_service.orders', 'aws_s3_bucket.exports', 'aws_lb.public', 'aws_db_instance.main'],
        dependents: [
          { address: 'aws_ecs_service.billing', path: ['aws_db_instance.main', 'aws_ecs_service.billing'], customerFacing: true },
          { address: 'aws_route53_record.api', path: ['aws_lb.public', 'aws_route53_record.api'], customerFacing: true },
          { address: 'aws_cloudwatch_alarm.db', path: ['aws_db_instance.main', 'aws_cloudwatch_alarm.db'] },
        ],
        total: 7,
        environmentSize: 40,
        coverage: 0.175,
        wholeEnvironment: false,
        customerFacing: ['aws_ecs_service.orders', 'aws_lb.public', 'aws_ecs_service.billing', 'aws_route53_record.api'],
        customerFacingAtRisk: ['aws_lb.public', 'aws_ecs_service.billing'],
        dataBearing: ['aws_db_instance.main'],
      },
      severity: 'critical',
      reasons: ['deletes data-bearing aws_db_instance.main in production', 'replaces customer-facing aws_lb.public'],
    },
    decision: {
      decision: 'ask',
      approvals: { count: 2, roles: ['dba', 'sre'] },
      policies: [{ id: 'destructive-prod-needs-two', effect: 'permit', action: 'ask', reason: 'destroying data in production needs two approvers' }],
      reasons: ['destroying data in production needs two approvers (destructive-prod-needs-two)'],
      mode: 'enforce',
      enforced: 'ask',
    },
    autonomy: 'guarded',
    required: { count: 2, roles: ['dba', 'sre'], separateDuties: true },
    approvals: [],
    grant: null,
    ending: null,
  };
  return { ...base, ...overrides };
}
