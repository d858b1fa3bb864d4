import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Every secret here is generated with >= 80 bits of entropy, so a plain SHA-256 is enough to store
 * it (a slow hash like scrypt only matters for secrets people choose).
 */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

// Crockford base32: no I, L, O, U, so nothing is misread when typed from a printout.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 16 characters of base32 (80 bits) in 4 groups: "7KQ2-M9XD-40RT-HZ3C". */
export function newEnrollmentCode(): string {
  const bytes = randomBytes(16);
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += CODE_ALPHABET[bytes[i] & 31];
  }
  return out;
}

/** What people type back: any case, with or without dashes and spaces; O/I/L read as 0/1/1. */
export function normaliseEnrollmentCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

export function hashEnrollmentCode(input: string): string {
  return sha256(`enroll:${normaliseEnrollmentCode(input)}`);
}

/** "24h", "30m", "7d", "90s" -> milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*([smhd])$/.exec(text.trim());
  if (!m) throw new Error(`cannot read the duration "${text}": write a number and a unit, e.g. 30m, 24h or 7d`);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}
