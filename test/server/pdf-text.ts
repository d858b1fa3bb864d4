import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFPage } from 'pdf-lib';

/** Unicode of each glyph code, from a font's ToUnicode CMap (bfchar and bfrange sections). */
function parseToUnicode(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const hexText = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((u) => parseInt(u, 16)).reduce<number[]>((out, u, i, all) => {
    // UTF-16 surrogate pairs
    if (u >= 0xd800 && u <= 0xdbff && i + 1 < all.length) return out;
    const prev = all[i - 1];
    out.push(prev !== undefined && prev >= 0xd800 && prev <= 0xdbff ? ((prev - 0xd800) << 10) + (u - 0xdc00) + 0x10000 : u);
    return out;
  }, []));
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of section[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(m[1].toLowerCase(), hexText(m[2]));
  }
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of section[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<([0-9a-fA-F]+)>|\[([^\]]*)\])/g)) {
      const lo = parseInt(m[1], 16);
      const hi = parseInt(m[2], 16);
      const width = m[1].length;
      const list = m[5] ? [...m[5].matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => x[1]) : null;
      for (let code = lo; code <= hi; code++) {
        const key = code.toString(16).padStart(width, '0');
        if (list) map.set(key, hexText(list[code - lo]));
        else {
          const start = parseInt(m[4], 16) + (code - lo);
          map.set(key, String.fromCodePoint(start));
        }
      }
    }
  }
  return map;
}

function streamText(doc: PDFDocument, ref: unknown): string {
  const obj = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
  if (!(obj instanceof PDFRawStream)) return '';
  return Buffer.from(decodePDFRawStream(obj).decode()).toString('latin1');
}

function pageText(doc: PDFDocument, page: PDFPage): string[] {
  const fonts = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
  const cmaps = new Map<string, Map<string, string>>();
  for (const [name, ref] of fonts?.entries() ?? []) {
    const font = doc.context.lookup(ref, PDFDict);
    const toUnicode = font.get(PDFName.of('ToUnicode'));
    cmaps.set(name.asString(), toUnicode ? parseToUnicode(streamText(doc, toUnicode)) : new Map());
  }
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray() : [contents];
  const lines: string[] = [];
  for (const s of streams) {
    let cmap = new Map<string, string>();
    for (const m of streamText(doc, s).matchAll(/(\/[^\s/]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>\s*Tj/g)) {
      if (m[1]) {
        cmap = cmaps.get(m[1]) ?? new Map();
        continue;
      }
      const hex = m[2].toLowerCase();
      const width = [...cmap.keys()][0]?.length ?? 4;
      lines.push((hex.match(new RegExp(`.{${width}}`, 'g')) ?? []).map((code) => cmap.get(code) ?? '\uFFFD').join(''));
    }
  }
  return lines;
}

/** Each page's decoded content stream (drawing operators), for checks on what was drawn. */
export async function pdfContent(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((p) => {
    const contents = p.node.Contents();
    return (contents instanceof PDFArray ? contents.asArray() : [contents]).map((s) => streamText(doc, s)).join('\n');
  });
}

/** The text of each page of a PDF written by pdf-lib with an embedded font, one entry per drawn line. */
export async function pdfText(bytes: Uint8Array): Promise<string[][]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((p) => pageText(doc, p));
}
