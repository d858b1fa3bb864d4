import { rgb } from 'pdf-lib';
import type { StoredCredential } from './credential-store';
import type { IssuerIdentity } from './issuer-key';
import { verifyUrl } from './open-badge';
import { drawLines, drawQr, newPdf, printable, wrap, type PdfWriter } from './pdf-layout';

const A4_LANDSCAPE: [number, number] = [842, 595];
const MARGIN = 56;

const day = (iso: string | null) => (iso === null ? 'does not expire' : iso.slice(0, 10));

function certificatePage(w: PdfWriter, c: StoredCredential, issuer: IssuerIdentity): void {
  const { doc, font } = w;
  const page = doc.addPage(A4_LANDSCAPE);
  const [width, height] = A4_LANDSCAPE;
  page.drawRectangle({ x: 24, y: 24, width: width - 48, height: height - 48, borderColor: rgb(0.16, 0.32, 0.55), borderWidth: 2 });
  const textWidth = width - 2 * MARGIN - 170;
  let y = height - MARGIN;
  y = drawLines(page, font, ['CERTIFICATE OF TRAINING'], MARGIN, y, 14, 0.35);
  y = drawLines(page, font, wrap(font, c.workerName, 30, textWidth), MARGIN, y - 14, 30);
  y = drawLines(page, font, ['has been certified for'], MARGIN, y - 4, 12, 0.35);
  y = drawLines(page, font, wrap(font, c.certificationName, 22, textWidth), MARGIN, y - 4, 22);
  y = drawLines(page, font, [`Valid from ${day(c.validFrom)}   Valid until ${day(c.validUntil)}`], MARGIN, y - 8, 12);
  y = drawLines(page, font, ['Lessons passed (title, content version, date):'], MARGIN, y - 12, 11, 0.35);
  for (const l of c.lessons) {
    const version = `version ${l.version}${l.contentHash ? `, sha256 ${l.contentHash.slice(0, 16)}…` : ''}`;
    y = drawLines(page, font, wrap(font, `• ${l.title} (${version}), passed ${day(l.passedAt)}`, 10, textWidth), MARGIN + 8, y, 10);
    if (y < MARGIN + 70) {
      y = drawLines(page, font, [`… and ${c.lessons.length - c.lessons.indexOf(l) - 1} more: see the verify page`], MARGIN + 8, y, 10, 0.35);
      break;
    }
  }
  const url = verifyUrl(issuer, c.id);
  drawLines(page, font, wrap(font, `Issued by ${issuer.name} (${issuer.did})`, 10, textWidth), MARGIN, MARGIN + 40, 10, 0.35);
  drawLines(page, font, [printable(font, `Verify: ${url}`)], MARGIN, MARGIN + 20, 9, 0.35);
  drawQr(page, url, width - MARGIN - 150, MARGIN, 150);
  if (c.revokedAt !== null) page.drawText('REVOKED', { x: MARGIN + 120, y: height / 2, size: 90, font, color: rgb(0.8, 0.1, 0.1), opacity: 0.35 });
}

/** One A4 landscape page per credential: name, achievement, lessons with versions, dates, issuer, QR to the verify URL. */
export async function certificatesPdf(credentials: StoredCredential[], issuer: IssuerIdentity, now: Date, title: string): Promise<Uint8Array> {
  const w = await newPdf(title, now);
  for (const c of credentials) certificatePage(w, c, issuer);
  return w.doc.save();
}
