/**
 * The renderer is served from a privileged custom scheme rather than file://, so it has a real,
 * single origin: navigation, IPC senders and permissions are all checked against it.
 */
export const appScheme = 'shiftlearn';
export const appHost = 'app';
export const appIndexUrl = `${appScheme}://${appHost}/index.html`;

/** True for URLs of the app itself (WHATWG URL gives non-special schemes an opaque "null" origin, so compare parts). */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${appScheme}:` && parsed.host === appHost && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
