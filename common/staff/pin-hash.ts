import crypto from 'node:crypto';

/**
 * PINs are stored as salted scrypt hashes in one self-describing string,
 * `scrypt$N$r$p$<salt base64url>$<hash base64url>`, so the cost can be raised later without
 * breaking hashes already distributed to terminals. Verification compares in constant time.
 *
 * The server hashes staff PINs and the kiosk verifies them with this one module. An offline
 * terminal must verify a PIN locally, so the salted hash is distributed to every terminal of the
 * worker's site, as /etc/shadow is to a host: the terminal's lockout (5 wrong PINs -> 5 minutes)
 * limits guessing at the PIN pad, and the scrypt cost limits guessing offline from a stolen disk.
 * A 4-8 digit PIN cannot withstand a determined offline attack whatever the cost, which is why
 * weak PINs are refused and PINs only open staff screens, never data off the terminal.
 */

export const PIN_PATTERN = /^[0-9]{4,12}$/;
export const PIN_RULE = 'a PIN is 4 to 12 digits';

// N=2^15, r=8 (32 MiB): one hash or verify takes about 50-100 ms on a 2-core terminal-class
// machine (measured 87-107 ms under load here), slow for a guesser, unnoticed at the PIN pad.
// Every hash carries its own N, r and p, so verification never depends on this default: a cheaper
// cost (unit tests pass N=2^10) or a raised one later verifies the same way.
export const DEFAULT_COST: ScryptCost = { N: 32768, r: 8, p: 1 };
const KEY_LENGTH = 32;
const HASH_PATTERN = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{32,})$/;

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export interface ScryptParams extends ScryptCost {
  salt: Buffer;
  hash: Buffer;
}

export class PinHashFormatError extends Error {
  constructor(what: string) {
    super(`${what} is not a PIN hash: expected "scrypt$N$r$p$salt$hash". Make one with: echo 1234 | npm run kiosk-config -- hash-pin`);
    this.name = 'PinHashFormatError';
  }
}

/** Parses and bounds-checks a stored hash; `what` names where it came from in the error. */
export function parsePinHash(stored: string, what = 'The stored value'): ScryptParams {
  const m = HASH_PATTERN.exec(stored);
  if (!m) throw new PinHashFormatError(what);
  const cost = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // A hash from an untrusted file must not make the kiosk allocate gigabytes.
  if (!costInBounds(cost)) throw new PinHashFormatError(what);
  return { ...cost, salt: Buffer.from(m[4]!, 'base64url'), hash: Buffer.from(m[5]!, 'base64url') };
}

function costInBounds({ N, r, p }: ScryptCost): boolean {
  const powerOfTwo = N >= 2 && (N & (N - 1)) === 0;
  return powerOfTwo && N <= 1 << 20 && r >= 1 && r <= 32 && p >= 1 && p <= 16;
}

function scrypt(pin: string, salt: Buffer, N: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(pin, salt, keyLength, { N, r, p, maxmem: 256 * N * r }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPin(pin: string, { cost = DEFAULT_COST, salt = crypto.randomBytes(16) }: { cost?: ScryptCost; salt?: Buffer } = {}): Promise<string> {
  if (!PIN_PATTERN.test(pin)) throw new Error(`That PIN cannot be used: ${PIN_RULE}.`);
  if (!costInBounds(cost)) throw new Error(`scrypt cost ${JSON.stringify(cost)} is out of bounds: N a power of two up to 2^20, r 1-32, p 1-16.`);
  const { N, r, p } = cost;
  const hash = await scrypt(pin, salt, N, r, p, KEY_LENGTH);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** True when `pin` matches the stored hash. A malformed PIN is simply wrong; a malformed hash throws. */
export async function pinMatches(pin: string, stored: string): Promise<boolean> {
  const params = parsePinHash(stored);
  if (!PIN_PATTERN.test(pin)) return false;
  const candidate = await scrypt(pin, params.salt, params.N, params.r, params.p, params.hash.length);
  return crypto.timingSafeEqual(candidate, params.hash);
}
