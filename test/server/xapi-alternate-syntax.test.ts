import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLrsKey } from '../../server/admin';
import { startTestServer, XAPI, type TestServer } from './helpers';

/** Communication 1.3 Alternate Request Syntax: POST ?method=X with headers, content and parameters as form fields. */

let s: TestServer;
let authorization: string;

const statement = () => ({ actor: { mbox: 'mailto:ana@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: 'http://example.com/a/1' } });
const form = (method: string, fields: Record<string, string>, query = '') =>
  s.app.inject({ method: 'POST', url: `/xapi/statements?method=${method}${query}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });

beforeAll(async () => {
  s = await startTestServer();
  const { key, secret } = await createLrsKey(s.db, 'form-tool', true);
  authorization = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
});
afterAll(() => s.close());

describe('Communication 1.3 Alternate Request Syntax', () => {
  it('Communication 1.3 method=PUT stores under the statementId form field, with headers as form fields', async () => {
    const id = randomUUID();
    const res = await form('PUT', { statementId: id, Authorization: authorization, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json', content: JSON.stringify(statement()) });
    expect(res.statusCode, res.body).toBe(204);
    const back = await s.app.inject({ url: `/xapi/statements?statementId=${id}`, headers: { authorization, ...XAPI } });
    expect(back.statusCode).toBe(200);
    expect(back.json().id).toBe(id);
  });

  it('Communication 1.3 method=GET reads with the parameters as form fields', async () => {
    const id = randomUUID();
    expect((await form('PUT', { statementId: id, authorization, 'x-experience-api-version': '1.0.3', content: JSON.stringify(statement()) })).statusCode).toBe(204);
    const res = await form('GET', { statementId: id, Authorization: authorization, 'X-Experience-API-Version': '1.0.3' });
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(id);
    expect(res.headers['x-experience-api-consistent-through']).toBeDefined();
  });

  it('Communication 1.3 method=POST stores the content', async () => {
    const res = await form('POST', { Authorization: authorization, 'X-Experience-API-Version': '1.0.3', content: JSON.stringify([statement()]) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(1);
  });

  it('Communication 1.3 credentials and version are checked from the form fields', async () => {
    expect((await form('GET', { 'X-Experience-API-Version': '1.0.3' })).statusCode).toBe(401);
    expect((await form('GET', { Authorization: authorization })).statusCode).toBe(400);
  });

  it('Communication 1.3 other query parameters, a non-form body or an unknown method are 400', async () => {
    const fields = { Authorization: authorization, 'X-Experience-API-Version': '1.0.3' };
    expect((await form('GET', fields, `&statementId=${randomUUID()}`)).statusCode).toBe(400);
    expect((await form('PATCH', fields)).statusCode).toBe(400);
    const json = await s.app.inject({ method: 'POST', url: `/xapi/statements?method=PUT&statementId=${randomUUID()}`, headers: { authorization, ...XAPI }, payload: statement() });
    expect(json.statusCode).toBe(400);
  });
});
