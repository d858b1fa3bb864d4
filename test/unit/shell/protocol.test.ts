import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { handleAppRequest } from '../../../electron/shell/protocol';

let tmp: string;
let opts: Parameters<typeof handleAppRequest>[1];
const sha = 'c'.repeat(64);
const bytes = Buffer.from('0123456789');

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shiftlearn-protocol-'));
  fs.mkdirSync(path.join(tmp, 'renderer', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'renderer', 'index.html'), '<html></html>');
  fs.writeFileSync(path.join(tmp, 'renderer', 'assets', 'app.css'), 'body{}');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'secret');
  fs.writeFileSync(path.join(tmp, 'clip.webm'), bytes);
  opts = {
    rendererDir: path.join(tmp, 'renderer'),
    core: { mediaPath: (h) => (h === sha ? path.join(tmp, 'clip.webm') : null), mediaType: () => 'video/webm' },
  };
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const get = (url: string, headers: Record<string, string> = {}) => handleAppRequest(new Request(url, { headers }), opts);

describe('shiftlearn:// protocol', () => {
  it('serves the renderer with its content type and the strict CSP', async () => {
    const index = await get('shiftlearn://app/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("object-src 'none'");
    expect(await index.text()).toBe('<html></html>');
    const css = await get('shiftlearn://app/assets/app.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('refuses paths outside the renderer and other hosts', async () => {
    expect((await get('shiftlearn://app/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get('shiftlearn://app/assets/..%2f..%2fsecret.txt')).status).toBe(404);
    expect((await get('shiftlearn://other/index.html')).status).toBe(404);
  });

  it('serves cached media whole and by byte range', async () => {
    const whole = await get(`shiftlearn://app/media/${sha}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/webm');
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const part = await get(`shiftlearn://app/media/${sha}`, { range: 'bytes=2-4' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-4/10');
    expect(await part.text()).toBe('234');
    expect((await get(`shiftlearn://app/media/${'d'.repeat(64)}`)).status).toBe(404);
  });
});
