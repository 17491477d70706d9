/**
 * The one table of error codes. Every boundary maps a code to an exit code (CLI) or an HTTP
 * status (server); both maps are `Record<ErrorCode, …>` so a new code must be placed in each.
 */
export const ERROR_CODES = [
  'usage',
  'invalid_input',
  'input_too_large',
  'config_not_found',
  'config_invalid',
  'policy_invalid',
  'policy_error',
  'store_unavailable',
  'audit_broken',
  'deadline_exceeded',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'gateway_unreachable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * CLI exit codes. 1 is "usage or input error" per the `airlock check` contract; 0/2/3 are kept
 * for allow/deny/ask, so no error can ever be mistaken for a decision.
 */
export const EXIT_CODE_BY_ERROR: Record<ErrorCode, number> = {
  usage: 1,
  invalid_input: 1,
  input_too_large: 1,
  config_not_found: 1,
  config_invalid: 1,
  policy_invalid: 1,
  policy_error: 1,
  store_unavailable: 1,
  audit_broken: 1,
  deadline_exceeded: 1,
  unauthorized: 1,
  forbidden: 1,
  not_found: 1,
  conflict: 1,
  gateway_unreachable: 1,
  internal: 1,
};

/** HTTP statuses for the gateway API. */
export const HTTP_STATUS_BY_ERROR: Record<ErrorCode, number> = {
  usage: 400,
  invalid_input: 400,
  input_too_large: 413,
  config_not_found: 500,
  config_invalid: 500,
  policy_invalid: 500,
  policy_error: 500,
  store_unavailable: 503,
  audit_broken: 500,
  deadline_exceeded: 504,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gateway_unreachable: 502,
  internal: 500,
};
