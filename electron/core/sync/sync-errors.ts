/** What went wrong talking to the server, as the sync service needs to tell it apart. */

/** No answer: connection refused, reset, timed out, DNS. Retried with backoff. */
export class NetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetworkError';
  }
}

/**
 * The server answered with a non-2xx status; `error` and `message` come from its apiError body when
 * it sent one (`fromServer`); otherwise a proxy or another server answered and `error` is `http-<status>`.
 */
export class ServerRefusal extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly statementIds: string[] = [],
    readonly fromServer = true,
  ) {
    super(message);
    this.name = 'ServerRefusal';
  }
}

/** The server's answer does not have the shape the sync contract promises (wrong server or version). */
export class BadResponse extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadResponse';
  }
}

const CREDENTIAL_ERRORS = new Set(['terminal-revoked', 'bad-credential', 'unauthenticated']);

/** 401/403 about who the terminal is (not about one statement): sync must stop until re-enrolled. */
export function isCredentialRefusal(err: unknown): err is ServerRefusal {
  return err instanceof ServerRefusal && (err.status === 401 || err.status === 403) && CREDENTIAL_ERRORS.has(err.error);
}

/** What site IT reads on the terminal when the server refuses its credential. */
export function credentialRefusalDetail(err: ServerRefusal): string {
  if (err.error === 'terminal-revoked') return 'This terminal was revoked at the server; re-enroll it: ask site IT for a new enrollment code and put it in the terminal config.';
  return 'The server does not accept this terminal\'s credential; re-enroll it: ask site IT for a new enrollment code and put it in the terminal config.';
}
