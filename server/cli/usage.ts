/**
 * What every command of `npm run server` shares, apart from the admin commands themselves: cli.ts
 * loads those (and zod, i18n, the export code with them) only for an admin command, so `serve`
 * starts its database first and `--help` answers at once.
 */

/** A mistake in the command line: printed with the usage text. */
export class UsageError extends Error {}

export type Flags = Record<string, string | boolean | undefined>;
