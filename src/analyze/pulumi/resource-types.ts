import * as terraform from '../terraform/resource-types.js';
import { isProviderType, ROOT_STACK_TYPE } from './urn.js';

/**
 * Which Pulumi resource types hold data and which serve customers directly. Most Pulumi providers
 * (aws, gcp, azure, and many more) are bridged from Terraform providers, and their type tokens
 * spell the Terraform type: `aws:dynamodb/table:Table` is `aws_dynamodb_table`,
 * `gcp:sql/databaseInstance:DatabaseInstance` is `google_sql_database_instance`,
 * `kubernetes:core/v1:PersistentVolumeClaim` is `kubernetes_persistent_volume_claim`. So a token is
 * turned into its likely Terraform names and judged by terraform/resource-types.ts (one list to
 * maintain); the tokens whose names do not line up (`aws:rds/instance:Instance` is
 * `aws_db_instance`) and the native providers' own are listed here. Users extend both through
 * `resources` in airlock.yaml (matched by address).
 */

/** Pulumi package → the Terraform provider prefix of the same cloud. */
const TERRAFORM_PREFIX: ReadonlyMap<string, string> = new Map([
  ['aws', 'aws'],
  ['aws-native', 'aws'],
  ['gcp', 'google'],
  ['google-native', 'google'],
  ['azure', 'azurerm'],
  ['azure-native', 'azurerm'],
  ['kubernetes', 'kubernetes'],
  ['postgresql', 'postgresql'],
  ['mysql', 'mysql'],
  ['mongodbatlas', 'mongodbatlas'],
  ['snowflake', 'snowflake'],
  ['cloudflare', 'cloudflare'],
  ['tfe', 'tfe'],
]);

/** Tokens that hold data whose Terraform spelling does not follow from the token. */
const DATA_BEARING_TOKENS: ReadonlySet<string> = new Set([
  'aws:rds/instance:Instance',
  'aws:s3/bucketV2:BucketV2',
  'aws:s3/bucketObjectv2:BucketObjectv2',
  'aws:ec2/volume:Volume',
  'aws-native:s3:Bucket',
  'aws-native:rds:DbInstance',
  'aws-native:rds:DbCluster',
  'aws-native:dynamodb:Table',
  'aws-native:dynamodb:GlobalTable',
  'azure-native:storage:StorageAccount',
  'azure-native:documentdb:DatabaseAccount',
  'azure-native:keyvault:Vault',
  'azure-native:sql:Server',
  'azure-native:dbforpostgresql:Server',
  'azure-native:dbforpostgresql:FlexibleServer',
  'azure-native:dbformysql:Server',
  'azure-native:dbformysql:FlexibleServer',
  'azure-native:cache:Redis',
  // Deleting these deletes everything inside them.
  'azure-native:resources:ResourceGroup',
  'azure:core/resourceGroup:ResourceGroup',
  'gcp:organizations/project:Project',
]);

/** Tokens that serve customers whose Terraform spelling does not follow from the token. */
const CUSTOMER_FACING_TOKENS: ReadonlySet<string> = new Set([
  'aws:lb/loadBalancer:LoadBalancer',
  'aws:alb/loadBalancer:LoadBalancer',
  'aws:elb/loadBalancer:LoadBalancer',
  'aws:apigateway/restApi:RestApi',
  'aws:apigateway/stage:Stage',
  'aws:apigateway/deployment:Deployment',
  'aws-native:elasticloadbalancingv2:LoadBalancer',
  'aws-native:elasticloadbalancingv2:Listener',
  'gcp:cloudrun/service:Service',
  'gcp:cloudrunv2/service:Service',
  'azure:lb/loadBalancer:LoadBalancer',
  'azure-native:network:LoadBalancer',
  'azure-native:network:ApplicationGateway',
  'azure-native:network:FrontDoor',
  'azure-native:cdn:AFDEndpoint',
  'azure-native:web:WebApp',
  'azure-native:apimanagement:ApiManagementService',
  'azure-native:network:RecordSet',
  'cloudflare:index/dnsRecord:DnsRecord',
]);

/** `DatabaseInstance` → `database_instance`, `URLMap` → `url_map`, `BucketV2` → `bucket_v2`. */
function snakeCase(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
}

/**
 * The Terraform types a Pulumi token may correspond to: with and without its module
 * (`aws:efs/fileSystem:FileSystem` → `aws_efs_file_system`, `aws_file_system`;
 * `azure:compute/managedDisk:ManagedDisk` → `azurerm_managed_disk`). Kubernetes modules are API
 * groups (`apps/v1`), which Terraform's names leave out; `index` is the package root.
 */
export function terraformTypesOf(token: string): string[] {
  const [pkg, module, name] = token.split(':');
  if (!pkg || !name || module === undefined) return [];
  const prefix = TERRAFORM_PREFIX.get(pkg) ?? pkg.replace(/[^a-z0-9]+/gi, '_').toLowerCase();
  const head = module.split('/')[0] ?? '';
  const own = snakeCase(name);
  const out: string[] = [];
  if (pkg !== 'kubernetes' && head && head !== 'index') out.push(`${prefix}_${snakeCase(head)}_${own}`);
  out.push(`${prefix}_${own}`);
  return out;
}

/** Pulumi's own bookkeeping resources: the stack and provider instances hold no cloud data. */
function isBookkeeping(token: string): boolean {
  return token === ROOT_STACK_TYPE || isProviderType(token);
}

/** Does deleting or replacing a resource of this Pulumi type lose data? */
export function isDataBearingToken(token: string): boolean {
  if (isBookkeeping(token)) return false;
  return DATA_BEARING_TOKENS.has(token) || terraformTypesOf(token).some(terraform.isDataBearingType);
}

/** Does a resource of this Pulumi type serve customers directly? */
export function isCustomerFacingToken(token: string): boolean {
  if (isBookkeeping(token)) return false;
  return CUSTOMER_FACING_TOKENS.has(token) || terraformTypesOf(token).some(terraform.isCustomerFacingType);
}
