import { z } from 'zod';

/**
 * Security events a terminal reports to the server (POST /api/v1/terminal/events), queued in the
 * kiosk's own outbox so none is lost while it is offline, and shown to the site's supervisors on
 * the dashboard (GET /api/v1/dashboard/security-events).
 */
export const TERMINAL_SECURITY_EVENTS = [
  /** 5 wrong PINs locked a supervisor's, IT worker's or the diagnostics PIN pad. */
  'pin-lockout',
  /** Too many unknown badges in a short time: the terminal ignores taps for a while. */
  'unknown-badges-throttled',
] as const;
export type TerminalSecurityEventKind = (typeof TERMINAL_SECURITY_EVENTS)[number];

export const terminalSecurityEvent = z
  .object({
    /** Made by the terminal; a resent event (lost acknowledgement) is stored once. */
    id: z.uuid(),
    kind: z.enum(TERMINAL_SECURITY_EVENTS),
    /** What happened, in words; never a PIN or a full badge id. */
    detail: z.string().max(500),
    /** The terminal's clock. */
    occurredAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type TerminalSecurityEvent = z.infer<typeof terminalSecurityEvent>;

export const terminalEventsRequest = z.object({ events: z.array(terminalSecurityEvent).min(1).max(100) }).strict();
export type TerminalEventsRequest = z.infer<typeof terminalEventsRequest>;

export const securityEventRow = terminalSecurityEvent.extend({
  terminalId: z.string(),
  terminalName: z.string(),
  siteId: z.string(),
  stationId: z.string(),
  /** The server's clock when the event arrived. */
  receivedAt: z.string(),
});
export type SecurityEventRow = z.infer<typeof securityEventRow>;

export const securityEventsResponse = z.object({ events: z.array(securityEventRow) });
export type SecurityEventsResponse = z.infer<typeof securityEventsResponse>;
