import { z } from 'zod';
import { terminalStatusReport } from './sync';

/**
 * The admins' fleet view: GET /api/v1/admin/terminals (server/plugins/fleet.ts), shown on the
 * dashboard's Terminals page. A terminal is stale when the server has not heard from it for
 * `staleAfterSeconds` (revoked terminals are never stale: nobody expects them to call).
 */
export const fleetTerminal = z.object({
  id: z.string(),
  /** Where it was enrolled. */
  siteId: z.string(),
  stationId: z.string(),
  name: z.string(),
  enrolledAt: z.string(),
  revokedAt: z.string().nullable(),
  /** The server's clock, at the terminal's last authenticated request (minute precision); null when never. */
  lastSeenAt: z.string().nullable(),
  stale: z.boolean(),
  /** Its latest status report with the server's time of receipt; null when it never sent one (or runs an older version). */
  status: terminalStatusReport.extend({ receivedAt: z.string() }).nullable(),
});
export type FleetTerminal = z.infer<typeof fleetTerminal>;

export const fleetResponse = z.object({
  staleAfterSeconds: z.number().int().positive(),
  terminals: z.array(fleetTerminal),
});
export type FleetResponse = z.infer<typeof fleetResponse>;
