/**
 * Which SQL functions a query may call and still be a read. A function can do anything — delete
 * rows, kill sessions, write files on the database server, run SQL on another database — so a
 * SELECT is a read only if every function it calls is on these allow-lists of well-known built-in
 * functions without side effects (aggregates, date/time, string, math, JSON, array, catalogue
 * look-ups). Anything else, including every user-defined function, is judged as code Airlock cannot
 * see into. A few well-known destructive ones get a specific effect instead (`KNOWN_*` below).
 *
 * Kept deliberately plain: a schema-qualified name is on the list only when the schema is the
 * built-in one (`pg_catalog.lower` yes, `app.lower` no; MySQL/SQLite built-ins are never qualified).
 *
 * What this cannot see: a view or a table's rule/trigger that calls such a function when queried or
 * written (the definition is in the database, not in the SQL). Those are judged by the statement.
 */

const COMMON = [
  // aggregates and window functions
  'count', 'sum', 'avg', 'min', 'max', 'array_agg', 'string_agg', 'group_concat', 'bool_and', 'bool_or', 'every', 'bit_and', 'bit_or', 'bit_xor',
  'stddev', 'stddev_pop', 'stddev_samp', 'std', 'variance', 'var_pop', 'var_samp', 'percentile_cont', 'percentile_disc', 'mode', 'corr', 'covar_pop', 'covar_samp',
  'any_value', 'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value', 'last_value', 'nth_value',
  // conditionals and casts spelt as functions
  'coalesce', 'nullif', 'greatest', 'least', 'ifnull', 'cast', 'convert',
  // strings
  'lower', 'upper', 'lcase', 'ucase', 'initcap', 'length', 'char_length', 'character_length', 'octet_length', 'bit_length', 'substr', 'substring', 'position',
  'strpos', 'instr', 'locate', 'trim', 'btrim', 'ltrim', 'rtrim', 'lpad', 'rpad', 'replace', 'translate', 'concat', 'concat_ws', 'format', 'left', 'right',
  'repeat', 'reverse', 'split_part', 'starts_with', 'ascii', 'chr', 'char', 'unicode', 'overlay', 'to_hex', 'hex', 'unhex', 'md5', 'sha1', 'sha2', 'sha224', 'sha256', 'sha384', 'sha512',
  'encode', 'decode', 'quote_ident', 'quote_literal', 'quote_nullable', 'quote', 'regexp_replace', 'regexp_match', 'regexp_matches', 'regexp_like', 'regexp_count',
  'regexp_instr', 'regexp_substr', 'regexp_split_to_array', 'regexp_split_to_table', 'string_to_array', 'string_to_table', 'array_to_string', 'normalize', 'soundex',
  // numbers
  'abs', 'ceil', 'ceiling', 'floor', 'round', 'trunc', 'truncate', 'sign', 'mod', 'power', 'pow', 'sqrt', 'cbrt', 'exp', 'ln', 'log', 'log2', 'log10', 'pi', 'degrees',
  'radians', 'div', 'gcd', 'lcm', 'random', 'rand', 'width_bucket', 'sin', 'cos', 'tan', 'cot', 'asin', 'acos', 'atan', 'atan2', 'factorial', 'scale', 'conv', 'crc32',
  // dates and times
  'now', 'current_date', 'current_time', 'current_timestamp', 'localtime', 'localtimestamp', 'date', 'time', 'datetime', 'timestamp', 'extract', 'date_part', 'date_trunc',
  'to_char', 'to_date', 'to_timestamp', 'to_number', 'age', 'interval',
  // JSON
  'json_extract', 'json_object', 'json_array', 'json_array_length', 'json_each', 'json_typeof', 'json_valid', 'json_quote',
];

/** PostgreSQL built-ins without side effects (besides COMMON). */
export const POSTGRES_READ_FUNCTIONS: ReadonlySet<string> = new Set([
  ...COMMON,
  'clock_timestamp', 'statement_timestamp', 'transaction_timestamp', 'timeofday', 'date_bin', 'make_date', 'make_time', 'make_timestamp', 'make_timestamptz',
  'make_interval', 'justify_days', 'justify_hours', 'justify_interval', 'isfinite', 'timezone', 'overlaps', 'unistr', 'is_normalized', 'collation_for', 'num_nulls', 'num_nonnulls',
  'array_length', 'array_lower', 'array_upper', 'array_dims', 'array_ndims', 'cardinality', 'array_position', 'array_positions', 'array_append', 'array_prepend',
  'array_cat', 'array_remove', 'array_replace', 'unnest', 'generate_series', 'generate_subscripts', 'to_json', 'to_jsonb', 'row_to_json', 'array_to_json', 'json_build_object',
  'jsonb_build_object', 'json_build_array', 'jsonb_build_array', 'jsonb_object', 'jsonb_array_length', 'jsonb_each', 'json_each_text', 'jsonb_each_text',
  'json_extract_path', 'jsonb_extract_path', 'json_extract_path_text', 'jsonb_extract_path_text', 'json_object_keys', 'jsonb_object_keys', 'json_array_elements',
  'jsonb_array_elements', 'json_array_elements_text', 'jsonb_array_elements_text', 'jsonb_typeof', 'json_strip_nulls', 'jsonb_strip_nulls', 'jsonb_set', 'jsonb_set_lax',
  'jsonb_insert', 'jsonb_pretty', 'jsonb_path_query', 'jsonb_path_exists', 'jsonb_path_match', 'jsonb_path_query_array', 'jsonb_path_query_first', 'json_populate_record',
  'jsonb_populate_record', 'json_populate_recordset', 'jsonb_populate_recordset', 'json_to_record', 'jsonb_to_record', 'json_to_recordset', 'jsonb_to_recordset', 'json_agg',
  'jsonb_agg', 'json_object_agg', 'jsonb_object_agg', 'xpath', 'xpath_exists', 'to_tsvector', 'to_tsquery', 'plainto_tsquery', 'phraseto_tsquery', 'websearch_to_tsquery',
  'ts_rank', 'ts_rank_cd', 'ts_headline', 'setweight', 'isempty', 'lower_inc', 'upper_inc', 'lower_inf', 'upper_inf', 'range_merge', 'host', 'masklen', 'network', 'broadcast',
  'get_byte', 'get_bit', 'convert_from', 'convert_to', 'gen_random_uuid', 'uuid_generate_v4', 'current_database', 'current_catalog', 'current_schema', 'current_schemas',
  'current_user', 'session_user', 'current_role', 'user', 'version', 'current_setting', 'pg_backend_pid', 'inet_server_addr', 'inet_server_port', 'inet_client_addr',
  'pg_postmaster_start_time', 'pg_conf_load_time', 'pg_is_in_recovery', 'pg_last_xact_replay_timestamp', 'pg_current_wal_lsn', 'pg_wal_lsn_diff', 'pg_blocking_pids',
  'pg_size_pretty', 'pg_size_bytes', 'pg_database_size', 'pg_relation_size', 'pg_total_relation_size', 'pg_table_size', 'pg_indexes_size', 'pg_column_size', 'pg_typeof',
  'format_type', 'pg_get_viewdef', 'pg_get_indexdef', 'pg_get_constraintdef', 'pg_get_functiondef', 'pg_get_function_arguments', 'pg_get_triggerdef', 'pg_get_expr',
  'pg_get_userbyid', 'pg_get_serial_sequence', 'pg_encoding_to_char', 'obj_description', 'col_description', 'shobj_description', 'has_table_privilege', 'has_schema_privilege',
  'has_database_privilege', 'has_column_privilege', 'has_function_privilege', 'has_sequence_privilege', 'pg_has_role', 'pg_table_is_visible', 'to_regclass', 'to_regtype',
  'to_regproc', 'text', 'int', 'int2', 'int4', 'int8', 'integer', 'bigint', 'smallint', 'numeric', 'float4', 'float8', 'bool', 'varchar', 'bpchar', 'timestamptz', 'uuid',
  'json', 'jsonb', 'bytea', 'inet', 'cidr',
  // Sequences: nextval hands out the next number (a gap at worst); setval is not here (KNOWN below).
  'nextval', 'currval', 'lastval',
]);

/** MySQL and SQLite built-ins without side effects (besides COMMON). */
export const GENERIC_READ_FUNCTIONS: ReadonlySet<string> = new Set([
  ...COMMON,
  'exists', 'values', 'if', 'iif', 'isnull', 'nvl', 'field', 'find_in_set', 'elt', 'insert', 'space', 'strcmp', 'mid', 'ord', 'bin', 'oct', 'to_base64', 'from_base64', 'uuid', 'uuid_short',
  'curdate', 'curtime', 'sysdate', 'utc_date', 'utc_time', 'utc_timestamp', 'unix_timestamp', 'from_unixtime', 'date_format', 'time_format', 'str_to_date', 'datediff',
  'timediff', 'timestampdiff', 'timestampadd', 'date_add', 'date_sub', 'adddate', 'subdate', 'addtime', 'subtime', 'year', 'month', 'day', 'dayofmonth', 'dayofweek',
  'dayofyear', 'weekday', 'week', 'weekofyear', 'yearweek', 'quarter', 'hour', 'minute', 'second', 'microsecond', 'monthname', 'dayname', 'last_day', 'makedate',
  'maketime', 'period_add', 'period_diff', 'sec_to_time', 'time_to_sec', 'to_days', 'from_days', 'convert_tz', 'json_unquote', 'json_contains', 'json_contains_path',
  'json_length', 'json_keys', 'json_search', 'json_set', 'json_insert', 'json_replace', 'json_remove', 'json_merge_patch', 'json_merge_preserve', 'json_type',
  'json_depth', 'json_pretty', 'json_arrayagg', 'json_objectagg', 'json_table', 'json_tree', 'json', 'json_patch', 'json_group_array', 'json_group_object',
  'database', 'schema', 'user', 'current_user', 'session_user', 'system_user', 'version', 'connection_id', 'found_rows', 'row_count', 'last_insert_id', 'charset',
  'collation', 'inet_aton', 'inet_ntoa', 'is_ipv4', 'is_ipv6', 'bit_count', 'format_bytes', 'typeof', 'printf', 'zeroblob', 'randomblob', 'julianday', 'strftime',
  'unixepoch', 'total', 'changes', 'last_insert_rowid', 'total_changes', 'sqlite_version', 'likely', 'unlikely', 'likelihood', 'glob', 'like',
]);

export interface KnownFunction {
  readonly operation: 'delete' | 'update' | 'create' | 'execute';
  readonly kind: string;
  readonly destroysData: boolean;
  /** What it does, after the function's name: "lo_unlink(…) deletes …". */
  readonly does: string;
}

/** PostgreSQL functions known to change things, with what they do. All irreversible. */
export const POSTGRES_KNOWN_FUNCTIONS: Readonly<Record<string, KnownFunction>> = {
  dblink_exec: { operation: 'execute', kind: 'sql.remote_database', destroysData: false, does: 'runs SQL on another database through dblink' },
  lo_unlink: { operation: 'delete', kind: 'sql.large_object', destroysData: true, does: 'deletes a large object and its data' },
  pg_terminate_backend: { operation: 'delete', kind: 'sql.session', destroysData: false, does: 'terminates database sessions: their open transactions are rolled back and their clients disconnected' },
  pg_cancel_backend: { operation: 'update', kind: 'sql.session', destroysData: false, does: 'cancels the queries other sessions are running' },
  pg_drop_replication_slot: {
    operation: 'delete',
    kind: 'sql.replication_slot',
    destroysData: true,
    does: 'drops a replication slot: the WAL it kept is released, and the replica or change-data consumer using it can no longer catch up',
  },
  setval: { operation: 'update', kind: 'sql.sequence', destroysData: false, does: 'resets a sequence, which can then hand out ids that already exist' },
  pg_file_write: { operation: 'update', kind: 'sql.server_file', destroysData: true, does: 'writes a file on the database server' },
  pg_file_unlink: { operation: 'delete', kind: 'sql.server_file', destroysData: true, does: 'deletes a file on the database server' },
  pg_file_rename: { operation: 'update', kind: 'sql.server_file', destroysData: true, does: 'renames a file on the database server (overwriting any there)' },
  lo_export: { operation: 'update', kind: 'sql.server_file', destroysData: true, does: 'writes a large object to a file on the database server' },
  pg_promote: { operation: 'update', kind: 'sql.server', destroysData: false, does: 'promotes a standby server to a primary (two primaries can then diverge)' },
  pg_reload_conf: { operation: 'update', kind: 'sql.server', destroysData: false, does: 'reloads the server configuration' },
};

/** MySQL and SQLite functions known to change things. All irreversible. */
export const GENERIC_KNOWN_FUNCTIONS: Readonly<Record<string, KnownFunction>> = {
  sys_exec: { operation: 'execute', kind: 'sql.server_command', destroysData: false, does: 'runs an operating-system command on the database server' },
  sys_eval: { operation: 'execute', kind: 'sql.server_command', destroysData: false, does: 'runs an operating-system command on the database server' },
  load_extension: { operation: 'execute', kind: 'sql.extension', destroysData: false, does: 'loads native code into the database' },
  writefile: { operation: 'update', kind: 'file', destroysData: true, does: 'writes a file' },
  edit: { operation: 'execute', kind: 'sql.server_command', destroysData: false, does: 'starts an editor program' },
};

/**
 * PostgreSQL operators a query may use and still be a read: the built-in comparison, arithmetic,
 * text, JSON, array, range, network and text-search operators. An operator is a function underneath;
 * a user-defined one (`CREATE OPERATOR`) can do anything its function does.
 */
export const POSTGRES_READ_OPERATORS: ReadonlySet<string> = new Set([
  '=', '<>', '!=', '<', '>', '<=', '>=', '+', '-', '*', '/', '%', '^', '|/', '||/', '@', '&', '|', '#', '~', '<<', '>>', '||', '->', '->>', '#>', '#>>', '@>', '<@',
  '?', '?|', '?&', '#-', '@?', '@@', '@@@', '&&', '~~', '~~*', '!~~', '!~~*', '~*', '!~', '!~*', '<->', '-|-', '&<', '&>', '<<|', '|>>', '&<|', '|&>', '<<=', '>>=',
  '~=', '?#', '?-', '?-|', '?||', '<^', '>^', '##', '<#>', '<=>', '^@',
]);

/**
 * A function name as written (`pg_catalog.lower`), split into schema and name. PostgreSQL has
 * already folded unquoted names to lower case, and a quoted "COUNT" is another function than count,
 * so its names are kept as they are; MySQL and SQLite function names ignore case.
 */
export function functionName(parts: readonly string[], ignoreCase: boolean): { schema?: string; name: string; display: string } {
  const fold = (text: string) => (ignoreCase ? text.toLowerCase() : text);
  const name = fold(parts[parts.length - 1] ?? '');
  const schema = parts.length > 1 ? fold(parts.slice(0, -1).join('.')) : undefined;
  return { ...(schema ? { schema } : {}), name, display: parts.join('.') };
}
