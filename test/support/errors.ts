import { AirlockError } from '../../src/errors/index.js';

/** The AirlockError `run` throws; fails the test if it throws anything else, or nothing. */
export function thrownAirlockError(run: () => unknown): AirlockError {
  try {
    run();
  } catch (error) {
    if (error instanceof AirlockError) return error;
    throw error;
  }
  throw new Error('expected an AirlockError');
}
