/**
 * Which PINs an admin may give a supervisor or site-IT worker. Terminals hold the PIN hash (see
 * common/staff/pin-hash.ts), so a PIN a guesser tries first is refused outright. New PINs have at
 * least 6 digits (a million PINs, not ten thousand); PINs set before that rule keep working, since
 * terminals verify 4-12 digits. Pure.
 */

export const STAFF_PIN_RULE = 'a new staff PIN is 6 to 12 digits';

const DIGITS = /^[0-9]{6,12}$/;

/** "1234", "6543", "0123": every digit one up, or one down, from the one before. */
function isRun(pin: string): boolean {
  const steps = [...pin].slice(1).map((d, i) => Number(d) - Number(pin[i]));
  return steps.every((s) => s === 1) || steps.every((s) => s === -1);
}

/** "1111", "1212", "123123": the whole PIN is a shorter group of digits repeated. */
function isRepeat(pin: string): boolean {
  for (let size = 1; size <= pin.length / 2; size++) {
    if (pin.length % size === 0 && pin.slice(0, size).repeat(pin.length / size) === pin) return true;
  }
  return false;
}

/** Null when the PIN may be used, else why not and what to choose instead. */
export function staffPinProblem(pin: string): string | null {
  if (!DIGITS.test(pin)) return `That PIN cannot be used: ${STAFF_PIN_RULE} (digits only, no spaces).`;
  if (isRepeat(pin)) return 'That PIN is too easy to guess (one digit or group repeated, like 000000 or 121212): choose 6-12 digits without a pattern.';
  if (isRun(pin)) return 'That PIN is too easy to guess (a run like 123456 or 654321): choose 6-12 digits without a pattern.';
  return null;
}
