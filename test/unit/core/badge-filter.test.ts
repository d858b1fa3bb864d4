import { describe, expect, it } from 'vitest';
import { kioskConfigSchema } from '../../../kiosk-config/schema';
import { maskBadge } from '../../../common/privacy/mask-badge';
import { filterBadge, type BadgeRules } from '../../../electron/core/reader/badge-filter';

const defaults: BadgeRules = kioskConfigSchema.parse({ site: { id: 's', name: 'S' }, station: { id: 't', name: 'T' } }).badge;
const withAffixes: BadgeRules = { ...defaults, stripPrefix: 'FC12:', stripSuffix: '#', pattern: '[0-9]{4,10}' };

describe('filterBadge', () => {
  it('accepts a plain id and a trailing CR/LF from the reader', () => {
    expect(filterBadge('1001', defaults, 0, null)).toMatchObject({ kind: 'ok', badgeId: '1001' });
    expect(filterBadge('1001\r\n', defaults, 0, null)).toMatchObject({ kind: 'ok', badgeId: '1001' });
    expect(filterBadge('  1001 ', defaults, 0, null)).toMatchObject({ kind: 'ok', badgeId: '1001' });
  });

  it('strips the configured prefix and suffix before matching', () => {
    expect(filterBadge('FC12:004512#', withAffixes, 0, null)).toMatchObject({ kind: 'ok', badgeId: '004512' });
    expect(filterBadge('004512', withAffixes, 0, null)).toMatchObject({ kind: 'ok', badgeId: '004512' });
  });

  it('anchors the pattern: an id with extra characters around a valid part is rejected', () => {
    expect(filterBadge('ab004512', withAffixes, 0, null)).toMatchObject({ kind: 'rejected', reason: 'pattern' });
    expect(filterBadge('1001-X', defaults, 0, null)).toMatchObject({ kind: 'rejected', reason: 'pattern' });
  });

  it('rejects garbage typed text, binary bytes and control characters with a reason', () => {
    expect(filterBadge('hello world', defaults, 0, null)).toMatchObject({ kind: 'rejected', reason: 'pattern' });
    expect(filterBadge('10\u000001', defaults, 0, null)).toMatchObject({ kind: 'rejected', reason: 'binary' });
    expect(filterBadge('\u001b[A1001', defaults, 0, null)).toMatchObject({ kind: 'rejected', reason: 'binary' });
    expect(filterBadge(Buffer.from([0xff, 0xfe, 0x00, 0x41]).toString('latin1'), defaults, 0, null)).toMatchObject({ kind: 'rejected', reason: 'binary' });
    expect(filterBadge('10\uFFFD01', defaults, 0, null)).toMatchObject({ kind: 'rejected', reason: 'binary' });
  });

  it('rejects oversized and too short ids', () => {
    expect(filterBadge('9'.repeat(500), defaults, 0, null)).toMatchObject({ kind: 'rejected', reason: 'too-long' });
    expect(filterBadge('9'.repeat(defaults.maxLength + 1), defaults, 0, null)).toMatchObject({ kind: 'rejected', reason: 'too-long' });
    expect(filterBadge('9'.repeat(defaults.maxLength), defaults, 0, null)).toMatchObject({ kind: 'ok' });
    expect(filterBadge('12', defaults, 0, null)).toMatchObject({ kind: 'rejected', reason: 'too-short' });
    expect(filterBadge('FC12:#', withAffixes, 0, null)).toMatchObject({ kind: 'rejected', reason: 'empty' });
  });

  it('treats a repeat of the same id within debounceMs as one tap, but not a different id or a later read', () => {
    const first = filterBadge('1001', defaults, 10_000, null);
    if (first.kind !== 'ok') throw new Error('expected ok');
    expect(filterBadge('1001', defaults, 10_000 + defaults.debounceMs - 1, first.last)).toEqual({ kind: 'debounced', badgeId: '1001' });
    expect(filterBadge('1002', defaults, 10_001, first.last)).toMatchObject({ kind: 'ok', badgeId: '1002' });
    expect(filterBadge('1001', defaults, 10_000 + defaults.debounceMs, first.last)).toMatchObject({ kind: 'ok', badgeId: '1001' });
  });

  it('masks badge ids for logs to at most a third of their characters (issue 12 item 13)', () => {
    expect(maskBadge('0045123377')).toBe('…377');
    expect(maskBadge('10053')).toBe('…3');
    expect(maskBadge('1001')).toBe('…1');
    expect(maskBadge('12')).toBe('…');
    for (const id of ['1', '12345', '123456789012', '0045123377']) expect(maskBadge(id).length - 1).toBeLessThanOrEqual(id.length / 3);
  });
});
