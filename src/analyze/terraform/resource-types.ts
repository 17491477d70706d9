/**
 * Which Terraform resource types hold data (lost when the resource is deleted or replaced) and
 * which serve customers directly. Users extend both through `resources` in airlock.yaml; these
 * are the defaults for the AWS, Google Cloud, Azure and Kubernetes providers.
 */

/** Exact types that hold data. */
const DATA_BEARING_TYPES: ReadonlySet<string> = new Set([
  // AWS
  'aws_db_instance',
  'aws_rds_cluster',
  'aws_rds_cluster_instance',
  'aws_rds_global_cluster',
  'aws_db_snapshot',
  'aws_db_cluster_snapshot',
  'aws_dynamodb_table',
  'aws_dynamodb_global_table',
  'aws_s3_bucket',
  'aws_s3_object',
  'aws_s3_bucket_object',
  'aws_ebs_volume',
  'aws_ebs_snapshot',
  'aws_efs_file_system',
  'aws_fsx_lustre_file_system',
  'aws_fsx_windows_file_system',
  'aws_fsx_ontap_file_system',
  'aws_fsx_openzfs_file_system',
  'aws_elasticache_cluster',
  'aws_elasticache_replication_group',
  'aws_elasticache_serverless_cache',
  'aws_memorydb_cluster',
  'aws_redshift_cluster',
  'aws_redshiftserverless_namespace',
  'aws_docdb_cluster',
  'aws_docdb_cluster_instance',
  'aws_neptune_cluster',
  'aws_opensearch_domain',
  'aws_elasticsearch_domain',
  'aws_kinesis_stream',
  'aws_kinesis_firehose_delivery_stream',
  'aws_msk_cluster',
  'aws_mq_broker',
  'aws_sqs_queue',
  'aws_secretsmanager_secret',
  'aws_ssm_parameter',
  'aws_kms_key',
  'aws_route53_zone',
  'aws_backup_vault',
  'aws_glacier_vault',
  'aws_ecr_repository',
  'aws_cloudwatch_log_group',
  'aws_timestream_table',
  'aws_keyspaces_table',
  'aws_qldb_ledger',
  'aws_cognito_user_pool',
  // Google Cloud
  'google_sql_database_instance',
  'google_sql_database',
  'google_storage_bucket',
  'google_storage_bucket_object',
  'google_compute_disk',
  'google_compute_region_disk',
  'google_compute_snapshot',
  'google_bigquery_dataset',
  'google_bigquery_table',
  'google_spanner_instance',
  'google_spanner_database',
  'google_bigtable_instance',
  'google_bigtable_table',
  'google_firestore_database',
  'google_pubsub_topic',
  'google_pubsub_subscription',
  'google_filestore_instance',
  'google_redis_instance',
  'google_alloydb_cluster',
  'google_dns_managed_zone',
  'google_secret_manager_secret',
  'google_kms_crypto_key',
  'google_kms_key_ring',
  'google_artifact_registry_repository',
  // Azure
  'azurerm_storage_account',
  'azurerm_storage_container',
  'azurerm_storage_share',
  'azurerm_storage_blob',
  'azurerm_storage_table',
  'azurerm_storage_queue',
  'azurerm_managed_disk',
  'azurerm_snapshot',
  'azurerm_mssql_server',
  'azurerm_mssql_database',
  'azurerm_sql_database',
  'azurerm_postgresql_server',
  'azurerm_postgresql_database',
  'azurerm_postgresql_flexible_server',
  'azurerm_postgresql_flexible_server_database',
  'azurerm_mysql_server',
  'azurerm_mysql_database',
  'azurerm_mysql_flexible_server',
  'azurerm_mysql_flexible_database',
  'azurerm_cosmosdb_account',
  'azurerm_cosmosdb_sql_database',
  'azurerm_cosmosdb_sql_container',
  'azurerm_cosmosdb_mongo_database',
  'azurerm_redis_cache',
  'azurerm_key_vault',
  'azurerm_key_vault_secret',
  'azurerm_key_vault_key',
  'azurerm_dns_zone',
  'azurerm_private_dns_zone',
  'azurerm_servicebus_namespace',
  'azurerm_servicebus_queue',
  'azurerm_servicebus_topic',
  'azurerm_eventhub_namespace',
  'azurerm_eventhub',
  'azurerm_data_lake_store',
  'azurerm_container_registry',
  'azurerm_log_analytics_workspace',
  // Kubernetes and Helm
  'kubernetes_persistent_volume',
  'kubernetes_persistent_volume_claim',
  'kubernetes_persistent_volume_claim_v1',
  'kubernetes_persistent_volume_v1',
  'kubernetes_stateful_set',
  'kubernetes_stateful_set_v1',
  'kubernetes_secret',
  'kubernetes_secret_v1',
  'kubernetes_namespace',
  'kubernetes_namespace_v1',
  // Databases managed by their own providers
  'postgresql_database',
  'postgresql_schema',
  'mysql_database',
  'mongodbatlas_cluster',
  'mongodbatlas_advanced_cluster',
  'snowflake_database',
  'snowflake_schema',
  'snowflake_table',
  // Terraform state stores
  'tfe_workspace',
  'terraform_remote_state',
]);

/** Name endings that mark a data-bearing type from a provider not listed above. */
const DATA_BEARING_SUFFIXES = [
  '_database',
  '_db_instance',
  '_db_cluster',
  '_sql_instance',
  '_bucket',
  '_volume',
  '_disk',
  '_file_system',
  '_filesystem',
  '_table',
  '_queue',
  '_secret',
  '_dns_zone',
  '_managed_zone',
  '_keyspace',
  '_dataset',
  '_snapshot',
];

/** Suffixes of types that only configure or attach something; never data-bearing by name alone. */
const NOT_DATA_BEARING_SUFFIXES = ['_route_table', '_attachment', '_association', '_policy', '_subnet_group', '_parameter_group', '_option_group', '_acl', '_notification'];

/** Exact types that serve customers directly: entry points, load balancers, DNS, CDNs. */
const CUSTOMER_FACING_TYPES: ReadonlySet<string> = new Set([
  'aws_lb',
  'aws_alb',
  'aws_elb',
  'aws_lb_listener',
  'aws_alb_listener',
  'aws_lb_listener_rule',
  'aws_lb_target_group',
  'aws_alb_target_group',
  'aws_cloudfront_distribution',
  'aws_api_gateway_rest_api',
  'aws_api_gateway_stage',
  'aws_api_gateway_deployment',
  'aws_apigatewayv2_api',
  'aws_apigatewayv2_stage',
  'aws_route53_record',
  'aws_route53_zone',
  'aws_globalaccelerator_accelerator',
  'aws_ecs_service',
  'aws_apprunner_service',
  'aws_elastic_beanstalk_environment',
  'aws_amplify_app',
  'google_compute_global_forwarding_rule',
  'google_compute_forwarding_rule',
  'google_compute_url_map',
  'google_compute_target_https_proxy',
  'google_compute_backend_service',
  'google_cloud_run_service',
  'google_cloud_run_v2_service',
  'google_dns_record_set',
  'google_dns_managed_zone',
  'google_app_engine_application',
  'azurerm_lb',
  'azurerm_application_gateway',
  'azurerm_frontdoor',
  'azurerm_cdn_frontdoor_profile',
  'azurerm_cdn_endpoint',
  'azurerm_dns_a_record',
  'azurerm_dns_cname_record',
  'azurerm_dns_zone',
  'azurerm_app_service',
  'azurerm_linux_web_app',
  'azurerm_windows_web_app',
  'azurerm_api_management',
  'kubernetes_service',
  'kubernetes_service_v1',
  'kubernetes_ingress',
  'kubernetes_ingress_v1',
  'cloudflare_record',
  'cloudflare_zone',
]);

/** Does deleting or replacing a resource of this Terraform type lose data? */
export function isDataBearingType(type: string): boolean {
  if (DATA_BEARING_TYPES.has(type)) return true;
  if (NOT_DATA_BEARING_SUFFIXES.some((suffix) => type.endsWith(suffix))) return false;
  return DATA_BEARING_SUFFIXES.some((suffix) => type.endsWith(suffix));
}

/** Does a resource of this Terraform type serve customers directly? */
export function isCustomerFacingType(type: string): boolean {
  return CUSTOMER_FACING_TYPES.has(type);
}

/** The resource type of a Terraform address (`module.app.aws_db_instance.main[0]` → `aws_db_instance`). */
export function typeOfAddress(address: string): string | undefined {
  const parts = address.replace(/\[[^\]]*\]/g, '').split('.');
  // Skip module.<name> pairs and a leading data.
  let index = 0;
  while (parts[index] === 'module') index += 2;
  if (parts[index] === 'data') index += 1;
  return parts[index];
}
