/** A record of an RFC 4180 file and the spreadsheet row number it starts on (header = 1). */
export interface CsvRecord {
  row: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * RFC 4180: comma-separated, fields in double quotes may hold commas, quotes (doubled) and line
 * breaks; CRLF or LF line ends; a UTF-8 BOM (Excel writes one) is skipped. Blank lines are skipped.
 */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let line = 1;
  let recordStart = 1;
  let i = 0;
  const endRecord = () => {
    cells.push(field);
    if (!(cells.length === 1 && cells[0] === '')) records.push({ row: recordStart, cells });
    cells = [];
    field = '';
  };
  while (i < src.length) {
    const ch = src[i];
    if (ch === '"' && field === '') {
      const quoteLine = line;
      i++;
      for (;;) {
        if (i >= src.length) throw new CsvSyntaxError(quoteLine, `row ${quoteLine}: a quoted field is never closed: add the closing " (and write a " inside a field as "")`);
        const c = src[i];
        if (c === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      if (i < src.length && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') {
        throw new CsvSyntaxError(quoteLine, `row ${quoteLine}: text after a closing quote: put the whole field in quotes and double any " inside it`);
      }
      continue;
    }
    if (ch === ',') {
      cells.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      recordStart = line;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || cells.length > 0) endRecord();
  return records;
}
