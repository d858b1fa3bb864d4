/**
 * Time to issue N Open Badges credentials (default 10,000): N workers have each passed the two
 * lessons of a certification; one issuance run evaluates them all, signs each credential
 * (Ed25519 JWS) and stores it. PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise.
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx test/bench/credential-issue.ts [count]
 */
import { lessonActivityId, verbs } from '../../common/xapi/completion';
import { putCertification } from '../../server/credentials/certifications';
import { issueCredentials } from '../../server/credentials/issue';
import { ensureIssuerKey, issuerIdentity } from '../../server/credentials/issuer-key';
import { openTestDb, SERVER_URL, TEST_CREDENTIAL_KEY } from '../server/helpers';
import { benchArgs } from './bench-args';

const USAGE = 'usage: tsx test/bench/credential-issue.ts [count]   (default 10000 credentials)';

export async function runCredentialIssueBench(count = 10_000): Promise<{ database: string; credentials: number; seconds: number; perSecond: number }> {
  const { db, dispose } = await openTestDb();
  try {
    await db.query(`INSERT INTO sites (id, name) VALUES ('plant', 'Plant')`);
    await db.query(`INSERT INTO stations (site_id, id, name) VALUES ('plant', 'press', 'Press')`);
    await db.query(`INSERT INTO station_requirements (site_id, station_id, lessons) VALUES ('plant', 'press', '{lockout,press-basics}')`);
    await db.query(
      `INSERT INTO workers (employee_id, site_id, display_name, language, stations) SELECT 'E' || i, 'plant', 'Worker ' || i, 'en', '{press}' FROM generate_series(1, $1::int) AS i`,
      [count],
    );
    for (const [n, lesson] of ['lockout', 'press-basics'].entries()) {
      await db.query(
        `INSERT INTO statements (id, statement, content_hash, stored, site_id, verb_id, activity_id, employee_id)
         SELECT gen_random_uuid(),
                jsonb_build_object('timestamp', to_char(now() - interval '1 day' * ($4::int + 1), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                  'result', jsonb_build_object('success', true, 'score', jsonb_build_object('scaled', 1)),
                  'object', jsonb_build_object('id', $2::text, 'definition', jsonb_build_object('name', jsonb_build_object('en', $3::text))),
                  'context', jsonb_build_object('extensions', jsonb_build_object($5::text, 1))),
                md5(i::text || $2), now(), 'plant', $6, $2, 'E' || i
           FROM generate_series(1, $1::int) AS i`,
        [count, lessonActivityId(SERVER_URL, lesson), lesson, n, `${SERVER_URL}/xapi/ext/lesson-version`, verbs.passed],
      );
    }
    await putCertification(db, { id: 'press-operator', name: 'Press operator', description: '', requirement: { siteId: 'plant', stationId: 'press' }, validityDays: 365 });
    const issuer = { identity: issuerIdentity(SERVER_URL), key: await ensureIssuerKey(db, TEST_CREDENTIAL_KEY) };
    const started = process.hrtime.bigint();
    const { issued } = await issueCredentials(db, issuer, new Date(), null);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (issued !== count) throw new Error(`issued ${issued} of ${count}`);
    return { database: db.kind, credentials: issued, seconds, perSecond: issued / seconds };
  } finally {
    await dispose();
  }
}

if (require.main === module) {
  const { positionals } = benchArgs(USAGE, {});
  const count = Number(positionals[0] ?? 10_000);
  runCredentialIssueBench(count).then(
    (r) => console.log(`issued ${r.credentials} credentials in ${r.seconds.toFixed(2)} s (${Math.round(r.perSecond)}/s, ${r.database})`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
