import type { ScryptCost } from '../../../common/staff/pin-hash';

/**
 * scrypt at N=2^10 for unit tests: the same code path as production's 2^15 at 1/32 of the work, so
 * a loaded machine stays far under the test timeout. Hashes carry their cost, so they verify alike.
 */
export const FAST_PIN_COST: ScryptCost = { N: 1024, r: 8, p: 1 };
