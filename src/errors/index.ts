export { AirlockError, toAirlockError } from './airlock-error.js';
export type { AirlockErrorOptions } from './airlock-error.js';
export { ERROR_CODES, EXIT_CODE_BY_ERROR, HTTP_STATUS_BY_ERROR } from './error-codes.js';
export type { ErrorCode } from './error-codes.js';
