import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLrsKey } from '../../server/admin';
import { startTestServer, XAPI, type TestServer } from './helpers';

/** The Statements resource against the xAPI 1.0.3 spec, written by a third-party tool with a write key. */

let s: TestServer;
let headers: Record<string, string>;

const actor = (name: string) => ({ objectType: 'Agent', mbox: `mailto:${name}@example.com`, name });
const activity = (id: string, definition?: object) => ({ objectType: 'Activity', id: `http://example.com/activities/${id}`, ...(definition ? { definition } : {}) });
const verb = { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced', 'es-ES': 'experimentó' } };
const statement = (over: Record<string, unknown> = {}) => ({ id: randomUUID(), actor: actor('ana'), verb, object: activity('a1'), ...over });

const post = (body: unknown, h = headers) => s.app.inject({ method: 'POST', url: '/xapi/statements', headers: h, payload: body as object });
const get = (query: string, h: Record<string, string> = headers) => s.app.inject({ url: `/xapi/statements${query}`, headers: h });
const q = (v: unknown) => encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v));

async function expectRefused(body: unknown, pattern: RegExp) {
  const res = await post(body);
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().message).toMatch(pattern);
}

beforeAll(async () => {
  s = await startTestServer();
  const { key, secret } = await createLrsKey(s.db, 'conformance', true);
  headers = { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`, ...XAPI };
});
afterAll(() => s.close());

describe('Data 2.4 statement validation', () => {
  it('Data 2.4.6 context.revision and context.platform only with Activity objects', async () => {
    const agentObject = { objectType: 'Agent', mbox: 'mailto:bo@example.com' };
    await expectRefused(statement({ object: agentObject, context: { revision: 'r2' } }), /context\.revision: .*Activity.*Data 2\.4\.6/);
    await expectRefused(statement({ object: agentObject, context: { platform: 'web' } }), /context\.platform: .*Data 2\.4\.6/);
    const sub = { objectType: 'SubStatement', actor: actor('bo'), verb, object: agentObject, context: { platform: 'web' } };
    await expectRefused(statement({ object: sub }), /object\.context\.platform/);
    expect((await post(statement({ context: { revision: 'r2', platform: 'web' } }))).statusCode).toBe(200);
  });

  it('Data 2.4.4.1 interaction properties only with interactionType, and only the components of that type', async () => {
    const choices = [{ id: 'a', description: { en: 'A' } }];
    await expectRefused(statement({ object: activity('q1', { choices }) }), /definition\.choices: allowed only with an interactionType/);
    await expectRefused(statement({ object: activity('q1', { correctResponsesPattern: ['a'] }) }), /correctResponsesPattern: allowed only with an interactionType/);
    await expectRefused(statement({ object: activity('q1', { interactionType: 'likert', choices }) }), /choices: not a component of interactionType likert/);
    expect((await post(statement({ object: activity('q1', { interactionType: 'choice', choices, correctResponsesPattern: ['a'] }) }))).statusCode).toBe(200);
  });

  it('Data 2.4.9 authority is an Agent or an anonymous Group of exactly two Agents', async () => {
    const three = { objectType: 'Group', member: [actor('a'), actor('b'), actor('c')] };
    await expectRefused(statement({ authority: three }), /authority.*Data 2\.4\.9/);
    const identified = { objectType: 'Group', mbox: 'mailto:g@example.com', member: [actor('a'), actor('b')] };
    await expectRefused(statement({ authority: identified }), /authority/);
    expect((await post(statement({ authority: { objectType: 'Group', member: [actor('a'), actor('b')] } }))).statusCode).toBe(200);
    expect((await post(statement({ authority: actor('a') }))).statusCode).toBe(200);
  });

  it('Data 2.4.5.1 score: min <= raw <= max and min < max', async () => {
    await expectRefused(statement({ result: { score: { raw: 11, min: 0, max: 10 } } }), /result\.score\.raw: raw \(11\) is above max.*Data 2\.4\.5\.1/);
    await expectRefused(statement({ result: { score: { raw: -1, min: 0, max: 10 } } }), /raw \(-1\) is below min/);
    await expectRefused(statement({ result: { score: { min: 5, max: 5 } } }), /min \(5\) must be less than max/);
    expect((await post(statement({ result: { score: { raw: 10, min: 0, max: 10, scaled: 1 } } }))).statusCode).toBe(200);
  });

  it('Data 4.5 timestamps with a -00:00 offset are refused', async () => {
    await expectRefused(statement({ timestamp: '2026-11-25T07:00:00.000-00:00' }), /timestamp: .*-00:00.*Data 4\.5/);
    expect((await post(statement({ timestamp: '2026-11-25T07:00:00.000+00:00' }))).statusCode).toBe(200);
    expect((await get(`?since=${q('2026-11-25T07:00:00-00:00')}`)).statusCode).toBe(400);
  });

  it('Data 2.4.6 context.language is an RFC 5646 tag', async () => {
    await expectRefused(statement({ context: { language: 'english please' } }), /context\.language: expected an RFC 5646/);
    await expectRefused(statement({ verb: { ...verb, display: { 'not a tag': 'x' } } }), /verb\.display/);
    expect((await post(statement({ context: { language: 'zh-Hans-CN' } }))).statusCode).toBe(200);
  });

  it('Data 4.6 ISO 8601 durations: weeks do not combine with other units', async () => {
    await expectRefused(statement({ result: { duration: 'P1W2D' } }), /result\.duration: .*Data 4\.6/);
    expect((await post(statement({ result: { duration: 'P3W' } }))).statusCode).toBe(200);
    expect((await post(statement({ result: { duration: 'P1Y2M3DT4H5M6.5S' } }))).statusCode).toBe(200);
  });

  it('Data 2.4.6.2 a single context activity is stored and returned as an array', async () => {
    const st = statement({ context: { contextActivities: { parent: activity('course'), grouping: [activity('program')] } } });
    expect((await post(st)).statusCode).toBe(200);
    const back = (await get(`?statementId=${st.id}`)).json();
    expect(back.context.contextActivities.parent).toEqual([activity('course')]);
    expect(back.context.contextActivities.grouping).toEqual([activity('program')]);
  });
});

describe('Communication 2.1.3 GET Statements parameters', () => {
  let stored: ReturnType<typeof statement>;
  beforeAll(async () => {
    stored = statement();
    expect((await post(stored)).statusCode).toBe(200);
  });

  it('Communication 2.1.3 statementId or voidedStatementId with anything but attachments and format is 400', async () => {
    expect((await get(`?statementId=${stored.id}&verb=${q(verb.id)}`)).statusCode).toBe(400);
    expect((await get(`?voidedStatementId=${stored.id}&limit=1`)).statusCode).toBe(400);
    expect((await get(`?statementId=${stored.id}&voidedStatementId=${stored.id}`)).statusCode).toBe(400);
    const ok = await get(`?statementId=${stored.id}&format=ids&attachments=false`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().verb).toEqual({ id: verb.id });
  });

  it('Communication 2.1.3 unknown or wrong-case query parameters are 400', async () => {
    for (const query of ['?foo=bar', `?StatementId=${stored.id}`, '?LIMIT=1']) {
      const res = await get(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().message).toMatch(/not a parameter/);
    }
    expect((await s.app.inject({ method: 'PUT', url: `/xapi/statements?statementId=${randomUUID()}&foo=1`, headers, payload: statement() })).statusCode).toBe(400);
    expect((await s.app.inject({ method: 'POST', url: '/xapi/statements?foo=1', headers, payload: statement() })).statusCode).toBe(400);
  });

  it('Communication 2.1.3 related_activities and related_agents widen activity and agent to the whole statement', async () => {
    const coach = actor(`coach-${randomUUID()}`);
    const course = activity(`course-${randomUUID()}`);
    const st = statement({ context: { instructor: coach, contextActivities: { parent: [course] } } });
    expect((await post(st)).statusCode).toBe(200);
    const ids = async (query: string) => (await get(query)).json().statements.map((x: { id: string }) => x.id);
    expect(await ids(`?activity=${q(course.id)}`)).toEqual([]);
    expect(await ids(`?activity=${q(course.id)}&related_activities=true`)).toEqual([st.id]);
    expect(await ids(`?agent=${q(coach)}`)).toEqual([]);
    expect(await ids(`?agent=${q(coach)}&related_agents=true`)).toEqual([st.id]);
  });

  it('Communication 2.1.3 agent matches the actor or the object', async () => {
    const target = { objectType: 'Agent', mbox: `mailto:${randomUUID()}@example.com` };
    const st = statement({ object: target });
    expect((await post(st)).statusCode).toBe(200);
    expect((await get(`?agent=${q(target)}`)).json().statements.map((x: { id: string }) => x.id)).toEqual([st.id]);
  });

  it('Communication 2.1.3 registration filters by context.registration', async () => {
    const registration = randomUUID();
    const st = statement({ context: { registration } });
    expect((await post([st, statement({ context: { registration: randomUUID() } })])).statusCode).toBe(200);
    expect((await get(`?registration=${registration}`)).json().statements.map((x: { id: string }) => x.id)).toEqual([st.id]);
    expect((await get('?registration=nope')).statusCode).toBe(400);
  });

  it('Communication 2.1.3 format=ids|exact|canonical, canonical by Accept-Language', async () => {
    const st = statement({ actor: { ...actor('lu'), name: 'Lu' }, object: activity('multi', { name: { 'en-US': 'Lockout', 'es-ES': 'Bloqueo' } }) });
    expect((await post(st)).statusCode).toBe(200);
    const exact = (await get(`?statementId=${st.id}&format=exact`)).json();
    expect(exact.object.definition.name).toEqual({ 'en-US': 'Lockout', 'es-ES': 'Bloqueo' });
    const ids = (await get(`?statementId=${st.id}&format=ids`)).json();
    expect(ids.actor).toEqual({ objectType: 'Agent', mbox: st.actor.mbox });
    expect(ids.object).toEqual({ objectType: 'Activity', id: st.object.id });
    const canonical = (await get(`?statementId=${st.id}&format=canonical`, { ...headers, 'accept-language': 'es;q=0.9, fr' })).json();
    expect(canonical.object.definition.name).toEqual({ 'es-ES': 'Bloqueo' });
    expect(canonical.verb.display).toEqual({ 'es-ES': 'experimentó' });
    expect((await get('?format=full')).statusCode).toBe(400);
  });
});

describe('Communication 1.2 headers', () => {
  it('Communication 1.2 X-Experience-API-Version on every response, 404s and errors included', async () => {
    for (const res of [await get(`?statementId=${randomUUID()}`), await s.app.inject({ url: '/xapi/nothing', headers }), await get('?foo=1'), await get('', { ...XAPI })]) {
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.headers['x-experience-api-version']).toBe('1.0.3');
    }
  });

  it('Communication 2.1.3 X-Experience-API-Consistent-Through on every GET of statements, Last-Modified on success', async () => {
    const st = statement();
    expect((await post(st)).statusCode).toBe(200);
    for (const res of [await get(`?statementId=${st.id}`), await get(''), await get('?foo=1'), await get(`?statementId=${randomUUID()}`)]) {
      expect(Date.parse(String(res.headers['x-experience-api-consistent-through']))).not.toBeNaN();
    }
    const one = await get(`?statementId=${st.id}`);
    expect(new Date(String(one.headers['last-modified'])).getTime()).toBe(Math.floor(Date.parse(one.json().stored) / 1000) * 1000);
    expect(Date.parse(String((await get('')).headers['last-modified']))).not.toBeNaN();
  });
});
