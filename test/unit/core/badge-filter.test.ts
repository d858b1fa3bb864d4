import { describe, expect, it } from 'vitest';
import { kioskConfigSchema } from '../../../kiosk-config/schema';
import { filterBadge, redactBadge, type BadgeRules } from '../../../electron/core/reader/badge-filter';

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

  it('redacts badge ids to their last four characters for logs', () => {
    expect(redactBadge('0045123377')).toBe('…3377');
    expect(redactBadge('1001')).not.toContain('1001');
  });
});
