import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * A password from standard input, so it never lands in shell history or `ps` output: the first
 * line of piped input, or typed at a terminal without echo.
 */
export async function readSecretFromStdin(stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => void } = process.stdin, prompt = 'Password: '): Promise<string> {
  if (stdin.isTTY) {
    process.stderr.write(prompt);
    const muted = new (await import('node:stream')).Writable({ write: (_c, _e, done) => done() });
    const rl = createInterface({ input: stdin, output: muted, terminal: true });
    const line = await new Promise<string>((resolve) => rl.once('line', resolve));
    rl.close();
    process.stderr.write('\n');
    return line;
  }
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0];
}
