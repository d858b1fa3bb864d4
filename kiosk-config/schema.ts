import { z } from 'zod';

/**
 * The terminal config: the one file site IT writes to provision a kiosk. Every field has a default
 * except the site and station, so a minimal file is short; unknown keys are errors (a typo must not
 * silently fall back to a default).
 */

const readerWedge = z
  .object({
    mode: z.literal('wedge'),
    /** Longest gap between two keys of one scanner burst; human typing is slower. */
    maxInterKeyMs: z.number().int().min(5).max(200).default(100),
  })
  .strict();

const hexId = z.union([
  z.number().int().min(0).max(0xffff),
  z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]{1,4}$/, 'write the USB id as hex, e.g. "0x08ff" or "08ff"')
    .transform((s) => parseInt(s.replace(/^0x/i, ''), 16)),
]);

const readerHid = z
  .object({
    mode: z.literal('hid'),
    vendorId: hexId,
    productId: hexId,
    /** How often to look for the reader again after it was unplugged. */
    reconnectIntervalMs: z.number().int().min(200).max(60_000).default(2000),
  })
  .strict();

const badgeRules = z
  .object({
    /** Characters some readers add before/after the id (e.g. a facility code prefix). */
    stripPrefix: z.string().default(''),
    stripSuffix: z.string().default(''),
    /** After stripping, the badge id must match this (a JavaScript regular expression, anchored). */
    pattern: z
      .string()
      .default('[0-9A-Za-z]+')
      .refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, 'not a valid regular expression'),
    minLength: z.number().int().min(1).max(128).default(3),
    maxLength: z.number().int().min(1).max(128).default(32),
    /** The same badge read again within this window is one tap (readers often double-read). */
    debounceMs: z.number().int().min(0).max(10_000).default(1500),
  })
  .strict()
  .refine((b) => b.minLength <= b.maxLength, { message: 'minLength must not exceed maxLength', path: ['minLength'] });

export const kioskConfigSchema = z
  .object({
    site: z.object({ id: z.string().min(1), name: z.string().min(1) }).strict(),
    station: z.object({ id: z.string().min(1), name: z.string().min(1) }).strict(),
    /** Where the local database and content cache live; default depends on the OS (see kiosk-config/README.md). */
    dataDir: z.string().min(1).optional(),
    /** A BCP 47 tag as lesson files use it (en, es, pt-BR): lessons are matched to it exactly. */
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'not a language tag')
      .default('en'),
    idleTimeoutSeconds: z.number().int().min(10).max(3600).default(60),
    resumeWindowSeconds: z.number().int().min(0).max(86_400).default(600),
    reader: z.discriminatedUnion('mode', [readerWedge, readerHid]).default({ mode: 'wedge', maxInterKeyMs: 100 }),
    badge: badgeRules.default({
      stripPrefix: '',
      stripSuffix: '',
      pattern: '[0-9A-Za-z]+',
      minLength: 3,
      maxLength: 32,
      debounceMs: 1500,
    }),
    server: z
      .object({
        url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://learn.example.com' }),
        enrollmentCode: z.string().min(4).optional(),
        syncIntervalSeconds: z.number().int().min(5).max(86_400).default(60),
      })
      .strict()
      .optional(),
    /** Site-IT diagnostics screen (Ctrl+Alt+Shift+D or an IT badge, then this PIN). */
    diagnostics: z
      .object({
        /** The PIN as a salted scrypt hash, never the PIN: `echo <pin> | npm run kiosk-config -- hash-pin`. */
        pinHash: z
          .string()
          .regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]{16,}\$[A-Za-z0-9_-]{32,}$/, 'must be a hash made by: echo <pin> | npm run kiosk-config -- hash-pin')
          .optional(),
      })
      .strict()
      .optional(),
    /** How long the local event log (diagnostics' last events) keeps rows: older or surplus rows are pruned. */
    eventRetention: z
      .object({
        days: z.number().int().min(1).max(3650).default(90),
        maxRows: z.number().int().min(100).max(1_000_000).default(10_000),
      })
      .strict()
      .default({ days: 90, maxRows: 10_000 }),
    /** Seed the demo roster and lessons into an empty database. */
    demo: z.boolean().default(false),
  })
  .strict();

export type KioskConfig = z.infer<typeof kioskConfigSchema>;
export type KioskConfigInput = z.input<typeof kioskConfigSchema>;

/** The terminal a fresh `npm start` becomes when no config file exists. */
export const demoConfigInput: KioskConfigInput = {
  site: { id: 'plant-2', name: 'Plant 2' },
  station: { id: 'press-line-4', name: 'Press line 4' },
  demo: true,
};
