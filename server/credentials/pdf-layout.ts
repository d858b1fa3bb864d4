import { readFileSync } from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';

/**
 * DejaVu Sans (Bitstream Vera licence, fonts/DejaVuSans-LICENSE.txt): Latin with every European
 * and Vietnamese accent, Greek, Cyrillic, Armenian, Georgian, Hebrew. Embedded as a subset, so a
 * certificate carries only the glyphs it shows. No CJK: a name in Chinese, Japanese or Korean
 * script would need a CJK font here (e.g. Noto Sans CJK).
 */
const FONT_FILE = path.join(__dirname, 'fonts', 'DejaVuSans.ttf');
let fontBytes: Buffer | null = null;

export interface PdfWriter {
  doc: PDFDocument;
  font: PDFFont;
}

export async function newPdf(title: string, now: Date): Promise<PdfWriter> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  fontBytes ??= readFileSync(FONT_FILE);
  const font = await doc.embedFont(fontBytes, { subset: true });
  doc.setTitle(title);
  doc.setProducer('Shiftlearn');
  doc.setCreator('Shiftlearn server');
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  return { doc, font };
}

/** Characters the font has no glyph for become "?" instead of an error (the name still prints, the gap shows). */
export function printable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  return [...text.replace(/[\r\n\t]+/g, ' ')].map((ch) => (supported.has(ch.codePointAt(0)!) ? ch : '?')).join('');
}

/** Splits text into lines no wider than `width` at `size`, breaking at spaces (a single overlong word is cut). */
export function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of printable(font, text).split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Draws text lines downward from y; returns the y below them. */
export function drawLines(page: PDFPage, font: PDFFont, lines: string[], x: number, y: number, size: number, gray = 0): number {
  for (const l of lines) {
    page.drawText(l, { x, y: y - size, size, font, color: rgb(gray, gray, gray) });
    y -= size * 1.35;
  }
  return y;
}

/** A QR code of `text` as vector squares, bottom-left at (x, y), `size` points wide (quiet zone included). */
export function drawQr(page: PDFPage, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cell = size / (n + 2 * quiet);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (!qr.modules.get(row, col)) continue;
      page.drawRectangle({ x: x + (col + quiet) * cell, y: y + size - (row + quiet + 1) * cell, width: cell, height: cell, color: rgb(0, 0, 0) });
    }
  }
}
