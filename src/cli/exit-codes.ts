import type { DecisionOutcome } from '../model/index.js';

/** `airlock check` exit codes: 0 allow, 2 deny, 3 ask; 1 is reserved for usage and input errors. */
export const EXIT_CODE_BY_DECISION: Record<DecisionOutcome, number> = { allow: 0, deny: 2, ask: 3 };
export const EXIT_USAGE = 1;
