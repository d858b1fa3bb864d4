import crypto from 'node:crypto';

/**
 * PINs are stored as salted scrypt hashes in one self-describing string,
 * `scrypt$N$r$p$<salt base64url>$<hash base64url>`, so the cost can be raised later without
 * breaking hashes already distributed to terminals. Verification compares in constant time.
 *
 * The server hashes staff PINs and the kiosk verifies them with this one module. An offline
 * terminal must verify a PIN locally, so a hash is distributed to every terminal of the worker's
 * site. A PIN of a few digits cannot withstand an offline attack on a salted hash whatever the
 * cost (the 4-digit space fell in ~30 minutes on 2 cores), so terminals get the hash keyed with a
 * per-site secret, the PIN pepper: `scrypt-hmac$N$r$p$<salt>$<HMAC-SHA256(pepper, scrypt(pin))>`.
 * The server keeps the plain scrypt hash and keys it for the site at every pull (so a worker moved
 * to another site gets the new site's key); the terminal keeps the pepper sealed with the OS
 * keystore, apart from the hashes, so a copied database alone cannot be checked offline. Keying the
 * scrypt output (rather than scrypt(HMAC(pepper, pin))) lets the server key hashes set before
 * peppers existed without knowing their PINs.
 */

export const PIN_PATTERN = /^[0-9]{4,12}$/;
export const PIN_RULE = 'a PIN is 4 to 12 digits';

// N=2^15, r=8 (32 MiB): one hash or verify takes about 50-100 ms on a 2-core terminal-class
// machine (measured 87-107 ms under load here), slow for a guesser, unnoticed at the PIN pad.
// Every hash carries its own N, r and p, so verification never depends on this default: a cheaper
// cost (unit tests pass N=2^10) or a raised one later verifies the same way.
export const DEFAULT_COST: ScryptCost = { N: 32768, r: 8, p: 1 };
const KEY_LENGTH = 32;
const HASH_PATTERN = /^(scrypt|scrypt-hmac)\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{32,})$/;

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export interface ScryptParams extends ScryptCost {
  salt: Buffer;
  hash: Buffer;
  /** True for a `scrypt-hmac` hash: it verifies only with the site's PIN pepper. */
  keyed: boolean;
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
  const cost = { N: Number(m[2]), r: Number(m[3]), p: Number(m[4]) };
  // A hash from an untrusted file must not make the kiosk allocate gigabytes.
  if (!costInBounds(cost)) throw new PinHashFormatError(what);
  return { ...cost, salt: Buffer.from(m[5]!, 'base64url'), hash: Buffer.from(m[6]!, 'base64url'), keyed: m[1] === 'scrypt-hmac' };
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

/** A keyed hash reached a check without the site's PIN pepper (a terminal that has not synced since it got keyed hashes). */
export class PinPepperMissingError extends Error {
  constructor() {
    super('Staff PINs on this terminal are keyed with the site\'s PIN key, which this terminal does not have (yet): let it sync with the server, or enroll it again.');
    this.name = 'PinPepperMissingError';
  }
}

/** A fresh per-site PIN pepper: 32 random bytes, base64url. */
export function newPinPepper(): string {
  return crypto.randomBytes(32).toString('base64url');
}

function keyed(hash: Buffer, pepper: string): Buffer {
  return crypto.createHmac('sha256', Buffer.from(pepper, 'base64url')).update(hash).digest();
}

/** The terminal form of a plain `scrypt$` hash: its scrypt output keyed with the site's pepper. */
export function keyPinHash(stored: string, pepper: string): string {
  const params = parsePinHash(stored);
  if (params.keyed) throw new Error('this PIN hash is keyed already: key the plain scrypt hash');
  if (params.hash.length !== KEY_LENGTH) throw new Error(`only ${KEY_LENGTH}-byte scrypt hashes (hashPin's) can be keyed`);
  return `scrypt-hmac$${params.N}$${params.r}$${params.p}$${params.salt.toString('base64url')}$${keyed(params.hash, pepper).toString('base64url')}`;
}

/**
 * True when `pin` matches the stored hash. A malformed PIN is simply wrong; a malformed hash throws,
 * and so does a keyed hash without `pepper` (PinPepperMissingError).
 */
export async function pinMatches(pin: string, stored: string, pepper: string | null = null): Promise<boolean> {
  const params = parsePinHash(stored);
  if (params.keyed && !pepper) throw new PinPepperMissingError();
  if (!PIN_PATTERN.test(pin)) return false;
  // A keyed hash keys the 32-byte scrypt output; a plain one stores it at its own length.
  const candidate = await scrypt(pin, params.salt, params.N, params.r, params.p, params.keyed ? KEY_LENGTH : params.hash.length);
  const compared = params.keyed ? keyed(candidate, pepper!) : candidate;
  return compared.length === params.hash.length && crypto.timingSafeEqual(compared, params.hash);
}
