import { createHash } from 'node:crypto';
import type { Verification } from './verify';

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1f24}
main{max-width:40rem;margin:2rem auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.4rem;margin:0 0 1rem}.status{font-size:1.6rem;font-weight:700;padding:.6rem 1rem;border-radius:6px}
.valid{background:#e3f6e8;color:#14532d}.expired,.invalid,.not-found{background:#fde8e8;color:#7f1d1d}.revoked{background:#fde8e8;color:#7f1d1d}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1rem}dt{font-weight:600}dd{margin:0}small{color:#555}`;

/**
 * The tab icon the kiosk and dashboard pages name too (renderer/*.html), inline: without one the
 * browser asks for /favicon.ico, and an auditor opening the page sees a 404 in its console.
 */
const TAB_ICON = `data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='32' height='32' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='7' fill='%23ffd23f'/%3E%3Cpath d='M8.5 16.5l5 5 10-11' fill='none' stroke='%230b1220' stroke-width='4' stroke-linecap='round' stroke-linejoin='round'/%3E%3C/svg%3E`;

/** The page is static apart from escaped text, so it needs no script at all and only this one stylesheet (and the inline icon). */
export const VERIFY_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const HEADLINE: Record<Verification['status'], string> = {
  valid: 'Valid',
  expired: 'Expired',
  revoked: 'Revoked',
  invalid: 'Not valid: failed verification',
  'not-found': 'Unknown credential',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const day = (iso: string | null) => (iso === null ? 'no expiry' : iso.slice(0, 10));

/** The public verification page: status first, then who, what, when and by whom. */
export function verifyPage(v: Verification): string {
  const rows: Array<[string, string]> = [];
  if (v.name !== null) rows.push(['Name', v.name]);
  if (v.achievement !== null) rows.push(['Achievement', v.achievement]);
  if (v.validFrom !== null) rows.push(['Valid from', day(v.validFrom)]);
  if (v.status !== 'not-found' && v.status !== 'invalid') rows.push(['Valid until', day(v.validUntil)]);
  if (v.revokedAt !== null) rows.push(['Revoked on', day(v.revokedAt)]);
  rows.push(['Issuer', `${v.issuer.name} (${v.issuer.id})`]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><link rel="icon" type="image/svg+xml" href="${TAB_ICON}"><title>Credential verification: ${escapeHtml(HEADLINE[v.status])}</title><style>${STYLE}</style></head>
<body><main><h1>Credential verification</h1>
<p class="status ${v.status}" data-status="${v.status}">${escapeHtml(HEADLINE[v.status])}</p>
${v.problem ? `<p>${escapeHtml(v.problem)}</p>` : ''}
<dl>${rows.map(([k, val]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(val)}</dd>`).join('')}</dl>
<p><small>Checked ${escapeHtml(v.checkedAt)}: signature ${v.checks.signature ? 'verified' : 'not verified'}, ${v.checks.notExpired ? 'within its dates' : 'outside its dates'}, ${v.checks.notRevoked ? 'not revoked' : 'revoked'}. Credential ${escapeHtml(v.credentialId)}.</small></p>
</main></body></html>`;
}
