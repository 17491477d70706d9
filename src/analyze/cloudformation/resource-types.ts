/**
 * Which CloudFormation resource types hold data (lost when the resource is deleted or replaced)
 * and which serve customers directly — the CloudFormation spelling of terraform/resource-types.ts.
 * Users extend both through `resources` in airlock.yaml (matched by address).
 */

/** Exact types that hold data. */
const DATA_BEARING_TYPES: ReadonlySet<string> = new Set([
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::RDS::GlobalCluster',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::S3::Bucket',
  'AWS::S3Express::DirectoryBucket',
  'AWS::EFS::FileSystem',
  'AWS::FSx::FileSystem',
  'AWS::EC2::Volume',
  'AWS::Elasticsearch::Domain',
  'AWS::OpenSearchService::Domain',
  'AWS::OpenSearchServerless::Collection',
  'AWS::Kinesis::Stream',
  'AWS::KinesisFirehose::DeliveryStream',
  'AWS::MSK::Cluster',
  'AWS::AmazonMQ::Broker',
  'AWS::SQS::Queue',
  'AWS::Logs::LogGroup',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  'AWS::SSM::Parameter',
  'AWS::Route53::HostedZone',
  'AWS::Backup::BackupVault',
  'AWS::ECR::Repository',
  'AWS::Redshift::Cluster',
  'AWS::RedshiftServerless::Namespace',
  'AWS::DocDB::DBCluster',
  'AWS::DocDB::DBInstance',
  'AWS::Neptune::DBCluster',
  'AWS::Neptune::DBInstance',
  'AWS::MemoryDB::Cluster',
  'AWS::Timestream::Table',
  'AWS::Cassandra::Table',
  'AWS::QLDB::Ledger',
  'AWS::Cognito::UserPool',
]);

/** Whole services whose every resource type holds data (caches, clusters). */
const DATA_BEARING_SERVICES = ['AWS::ElastiCache::'];

/** ElastiCache types that only configure something. */
const NOT_DATA_BEARING_TYPES: ReadonlySet<string> = new Set([
  'AWS::ElastiCache::ParameterGroup',
  'AWS::ElastiCache::SubnetGroup',
  'AWS::ElastiCache::SecurityGroup',
  'AWS::ElastiCache::SecurityGroupIngress',
  'AWS::ElastiCache::User',
  'AWS::ElastiCache::UserGroup',
]);

/** Exact types that serve customers directly: entry points, load balancers, DNS, CDNs. */
const CUSTOMER_FACING_TYPES: ReadonlySet<string> = new Set([
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::ElasticLoadBalancing::LoadBalancer',
  'AWS::Route53::RecordSet',
  'AWS::Route53::RecordSetGroup',
  'AWS::Route53::HostedZone',
  'AWS::CloudFront::Distribution',
  'AWS::GlobalAccelerator::Accelerator',
  'AWS::ECS::Service',
  'AWS::AppRunner::Service',
  'AWS::ElasticBeanstalk::Environment',
  'AWS::Amplify::App',
  'AWS::AppSync::GraphQLApi',
  'AWS::Lambda::Url',
]);

/** Whole services that are customer entry points (every API Gateway resource). */
const CUSTOMER_FACING_SERVICES = ['AWS::ApiGateway::', 'AWS::ApiGatewayV2::'];

/** Does deleting or replacing a resource of this CloudFormation type lose data? */
export function isDataBearingType(type: string): boolean {
  if (DATA_BEARING_TYPES.has(type)) return true;
  if (NOT_DATA_BEARING_TYPES.has(type)) return false;
  return DATA_BEARING_SERVICES.some((prefix) => type.startsWith(prefix));
}

/** Does a resource of this CloudFormation type serve customers directly? */
export function isCustomerFacingType(type: string): boolean {
  return CUSTOMER_FACING_TYPES.has(type) || CUSTOMER_FACING_SERVICES.some((prefix) => type.startsWith(prefix));
}

/**
 * Custom resources: CloudFormation sends Create, Update and Delete to a handler (a Lambda function
 * or an SNS topic) the template names, and that code does whatever it was written to do.
 */
export function isCustomResourceType(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/**
 * Properties whose in-place change can take away what protects a resource's data: backups and
 * their retention, deletion protection, versioning, object lock, replication, and expiry rules
 * (a lifecycle rule, a TTL or a log retention shortened deletes what is older). A change set gives
 * their names, not their values, so which way they move cannot be told.
 */
const DATA_PROTECTION_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::RDS::DBInstance': ['BackupRetentionPeriod', 'DeletionProtection', 'DeleteAutomatedBackups'],
  'AWS::RDS::DBCluster': ['BackupRetentionPeriod', 'DeletionProtection', 'BacktrackWindow'],
  'AWS::DocDB::DBCluster': ['BackupRetentionPeriod', 'DeletionProtection'],
  'AWS::Neptune::DBCluster': ['BackupRetentionPeriod', 'DeletionProtection'],
  'AWS::Redshift::Cluster': ['AutomatedSnapshotRetentionPeriod', 'ManualSnapshotRetentionPeriod'],
  'AWS::S3::Bucket': ['LifecycleConfiguration', 'VersioningConfiguration', 'ObjectLockConfiguration', 'ObjectLockEnabled', 'ReplicationConfiguration'],
  'AWS::DynamoDB::Table': ['PointInTimeRecoverySpecification', 'DeletionProtectionEnabled', 'TimeToLiveSpecification'],
  'AWS::DynamoDB::GlobalTable': ['Replicas', 'TimeToLiveSpecification'],
  'AWS::EFS::FileSystem': ['BackupPolicy', 'LifecyclePolicies'],
  'AWS::Logs::LogGroup': ['RetentionInDays'],
  'AWS::KMS::Key': ['Enabled', 'PendingWindowInDays', 'KeyPolicy'],
};

/** Properties that can stop a workload serving when set to 0 (a desired count, a maximum size). */
const CAPACITY_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::ECS::Service': ['DesiredCount'],
  'AWS::AutoScaling::AutoScalingGroup': ['DesiredCapacity', 'MaxSize'],
};

export function dataProtectionProperties(type: string): readonly string[] {
  return DATA_PROTECTION_PROPERTIES[type] ?? [];
}

export function capacityProperties(type: string): readonly string[] {
  return CAPACITY_PROPERTIES[type] ?? [];
}
