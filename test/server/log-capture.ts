import { Writable } from 'node:stream';
import type { FastifyServerOptions } from 'fastify';
import { loggerOptions } from '../../server/app';

/**
 * The server's own logger settings (redaction included) at debug level, writing into memory, so a
 * test can check what would reach the log. Pass `logger` to buildApp; `text()` is everything logged so far.
 */
export function captureLog(): { logger: FastifyServerOptions['logger']; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: { ...(loggerOptions('debug') as object), stream }, text: () => lines.join('') };
}
