/**
 * A badge id as it may appear in a log, an event or a message: at most a third of its characters
 * (the last ones), so a line finds the badge among a site's badges but never gives enough to clone
 * or guess it: a 5-digit badge shows 1 digit, a 10-digit one 3. The one mask for kiosk and server.
 */
export function maskBadge(badgeId: string): string {
  const shown = Math.floor(badgeId.length / 3);
  return '…' + (shown > 0 ? badgeId.slice(-shown) : '');
}
