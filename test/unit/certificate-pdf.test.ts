import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { certificatesPdf } from '../../server/credentials/certificate-pdf';
import type { StoredCredential } from '../../server/credentials/credential-store';
import { issuerIdentity } from '../../server/credentials/issuer-key';
import { pdfContent, pdfText } from '../server/pdf-text';

const issuer = issuerIdentity('https://learn.plant2.example', 'Plant 2 Training');

function credential(workerName: string, id: string): StoredCredential {
  return {
    id,
    certificationId: 'press-operator',
    certificationName: 'Press operator',
    employeeId: 'E1',
    workerName,
    siteId: 'plant',
    statusIndex: 0,
    issuedAt: '2026-11-25T08:00:00.000Z',
    validFrom: '2026-11-25T08:00:00.000Z',
    validUntil: '2027-11-24T08:00:00.000Z',
    lessons: [
      { lessonId: 'lockout', title: 'Lockout/tagout', version: 3, contentHash: 'ab'.repeat(32), passedAt: '2026-11-24T08:00:00.000Z' },
      { lessonId: 'press-basics', title: 'Press basics', version: 1, contentHash: null, passedAt: '2026-11-25T08:00:00.000Z' },
    ],
    jws: '',
    revokedAt: null,
    revokedReason: null,
  };
}

describe('certificate PDF', () => {
  it('prints the worker name in any European, Vietnamese or Cyrillic script, the achievement, lessons with versions and the verify URL', async () => {
    const pdf = await certificatesPdf(
      [credential('Nguyễn Thị Minh', '11111111-1111-4111-8111-111111111111'), credential('Иван Петров', '22222222-2222-4222-8222-222222222222')],
      issuer,
      new Date('2026-11-25T09:00:00Z'),
      'test',
    );
    const pages = await pdfText(pdf);
    expect(pages).toHaveLength(2);
    const first = pages[0].join('\n');
    expect(first).toContain('Nguyễn Thị Minh');
    expect(first).toContain('Press operator');
    expect(first).toContain('Lockout/tagout (version 3, sha256 abababababababab…), passed 2026-11-24');
    expect(first).toContain('Valid from 2026-11-25   Valid until 2027-11-24');
    expect(first).toContain('Verify: https://learn.plant2.example/verify/11111111-1111-4111-8111-111111111111');
    expect(first).toContain('Issued by Plant 2 Training (did:web:learn.plant2.example)');
    expect(pages[1].join('\n')).toContain('Иван Петров');
    expect(first).not.toContain('\uFFFD');
  });

  it('draws the QR code of the verify URL', async () => {
    // No QR decoder is installed (jsqr is not a dependency): the test reads the drawn modules back
    // from the page's filled squares into a grid and compares it with the QR code of the verify URL.
    const id = '11111111-1111-4111-8111-111111111111';
    const pdf = await certificatesPdf([credential('Sam Patel', id)], issuer, new Date('2026-11-25T09:00:00Z'), 'test');
    const [content] = await pdfContent(pdf);
    const squares = [...content.matchAll(/0 0 0 rg\n0 w\n\[\] 0 d\n1 0 0 1 ([\d.]+) ([\d.]+) cm\n(?:1 0 0 1 0 0 cm\n)*0 0 m\n0 ([\d.]+) l/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), size: Number(m[3]) }));
    const cell = squares[0].size;
    const left = Math.min(...squares.map((q) => q.x));
    const top = Math.max(...squares.map((q) => q.y));
    const drawn = new Set(squares.map((q) => `${Math.round((top - q.y) / cell)},${Math.round((q.x - left) / cell)}`));
    const expected = QRCode.create(`https://learn.plant2.example/verify/${id}`, { errorCorrectionLevel: 'M' }).modules;
    const mismatches: string[] = [];
    for (let row = 0; row < expected.size; row++) for (let col = 0; col < expected.size; col++) if (Boolean(expected.get(row, col)) !== drawn.has(`${row},${col}`)) mismatches.push(`${row},${col}`);
    expect(drawn.size).toBe([...expected.data].filter(Boolean).length);
    expect(mismatches).toEqual([]);
  });
});
