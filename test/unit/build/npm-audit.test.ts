import { describe, expect, it } from 'vitest';

const { verdict } = require('../../../scripts/npm-audit.cjs') as {
  verdict: (stdout: string, stderr: string, status: number | null) => { code: number; message: string };
};

const report = (counts: Record<string, number>) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: {},
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...counts } },
  });

describe('CI npm audit step (scripts/npm-audit.cjs)', () => {
  it('fails CI on a high or critical advisory', () => {
    expect(verdict(report({ high: 1, total: 1 }), '', 1)).toEqual({
      code: 1,
      message: '[ci] npm audit: 1 high advisories in production dependencies (fails on high or critical).',
    });
    expect(verdict(report({ critical: 2, low: 1, total: 3 }), '', 1).code).toBe(1);
  });

  it('passes with only moderate or lower advisories, and names them', () => {
    expect(verdict(report({ moderate: 1, low: 2, total: 3 }), '', 0)).toEqual({
      code: 0,
      message: '[ci] npm audit: no high or critical advisories in production dependencies (1 moderate, 2 low).',
    });
  });

  it('passes, saying the audit was skipped, when the advisories endpoint answers 405 (as on these machines)', () => {
    // What npm 11 prints with --json when the registry refuses the bulk advisories POST.
    const refused = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      body: '',
    });
    const result = verdict(refused, 'npm error audit endpoint returned an error\n', 1);
    expect(result.code).toBe(0);
    expect(result.message).toContain('npm audit skipped: it could not get advisories here');
    expect(result.message).toContain('405 Method Not Allowed');
  });

  it('passes, saying why, when npm cannot reach the registry at all', () => {
    const result = verdict('', 'npm error code ENOTFOUND\nnpm error network request failed\n', 1);
    expect(result).toMatchObject({ code: 0 });
    expect(result.message).toContain('ENOTFOUND');
  });
});
