import { randomBytes } from 'node:crypto';

/**
 * One-time, short-lived tickets for the event stream. EventSource cannot send the token header, and
 * a token in a URL ends up in logs, history and crash reports; a ticket there is worth nothing once
 * the stream has opened (or after `ttlMs`). The page asks for one with its token, then subscribes.
 */
export function createStreamTickets(opts: { ttlMs?: number; now?: () => number; maxOpen?: number } = {}) {
  const ttlMs = opts.ttlMs ?? 30_000;
  const now = opts.now ?? Date.now;
  const maxOpen = opts.maxOpen ?? 32;
  /** Ticket -> when it expires; in issue order, so the oldest is first. */
  const open = new Map<string, number>();

  return {
    issue(): string {
      for (const [ticket, expiresAt] of open) if (expiresAt <= now() || open.size >= maxOpen) open.delete(ticket);
      const ticket = randomBytes(24).toString('base64url');
      open.set(ticket, now() + ttlMs);
      return ticket;
    },
    /** True once for a ticket this host issued and that has not expired; it is used up either way. */
    redeem(ticket: string | null): boolean {
      if (!ticket) return false;
      const expiresAt = open.get(ticket);
      open.delete(ticket);
      return expiresAt !== undefined && expiresAt > now();
    },
  };
}
