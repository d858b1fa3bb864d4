const DAY_MS = 86_400_000;

export type CredentialState = 'valid' | 'expiring' | 'expired' | 'revoked';

/** Where a credential stands for its holder: 'expiring' within `soonDays` of its recertification date. Shared by the server's reports and the kiosk's "My training". */
export function credentialState(c: { validUntil: string | null; revoked: boolean }, now: Date, soonDays = 30): CredentialState {
  if (c.revoked) return 'revoked';
  if (c.validUntil === null) return 'valid';
  const until = Date.parse(c.validUntil);
  if (until <= now.getTime()) return 'expired';
  return until - now.getTime() <= soonDays * DAY_MS ? 'expiring' : 'valid';
}
