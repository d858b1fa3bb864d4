/** Milliseconds as an ISO 8601 duration: 90500 -> PT1M30.5S, 0 -> PT0S. Integer arithmetic, so no float noise. */
export function msToIsoDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`duration must be a non-negative number of milliseconds, got ${ms}`);
  const total = Math.round(ms);
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const millis = total % 60_000;
  const wholeSeconds = Math.floor(millis / 1000);
  const fraction = millis % 1000;
  const seconds = fraction === 0 ? String(wholeSeconds) : `${wholeSeconds}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}`;
  let out = 'PT';
  if (hours > 0) out += `${hours}H`;
  if (minutes > 0) out += `${minutes}M`;
  if (millis > 0 || out === 'PT') out += `${seconds}S`;
  return out;
}
