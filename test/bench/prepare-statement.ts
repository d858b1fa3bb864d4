/**
 * The JavaScript cost of preparing one statement for storage (issue 17): prepareStatement (zod
 * validation, content hash, index columns, claims) in process, no HTTP and no database, on batches
 * of 500 kiosk completions as buildCompletionStatement writes them, and on richer LRS statements
 * (groups, context activities, interactions, SubStatements, attachments, voiding). Prints CPU
 * microseconds per statement (process user+system, so other load on the machine counts less than
 * in wall time), the time the garbage collector's pauses took (wall time: on a loaded machine it can
 * exceed the CPU figure), and the bytes allocated per statement: the heap's
 * growth plus what every GC freed meanwhile (v8.GCProfiler), which counts garbage too.
 * Run: npx tsx test/bench/prepare-statement.ts [--rounds 40] [--only kiosk|lrs]
 */
import v8 from 'node:v8';
import { buildCompletionStatement, type TerminalContext } from '../../common/xapi/completion';
import type { Principal } from '../../server/plugins/auth';
import { prepareStatement, type WriteContext } from '../../server/statements/store';
import { benchArgs } from './bench-args';
import { prng } from './prng';

const SERVER_URL = 'http://learn.bench';
const BATCH = 500;
const terminal: Principal = { kind: 'terminal', terminalId: '6f1c2e1a-4b7d-4c1e-9a55-0d3f7b2a9c11', siteId: 'plant-2', stationId: 'press-line-4' };
const lrs: Principal = { kind: 'lrs', key: 'bench', write: true };

function uuid(random: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

/** A batch of kiosk completions, parsed back from JSON as the server receives them. */
function kioskBatch(random: () => number): unknown[] {
  const ctx: TerminalContext = { serverUrl: SERVER_URL, siteId: 'plant-2', stationId: 'press-line-4', terminalId: terminal.kind === 'terminal' ? terminal.terminalId : '' };
  const statements = Array.from({ length: BATCH }, (_, i) => {
    const score = Math.round(random() * 5) / 5;
    return buildCompletionStatement(
      {
        id: uuid(random),
        employeeId: `E${Math.floor(random() * 400)}`,
        workerName: 'Bench Worker',
        lessonId: `lesson-${i % 30}`,
        lessonVersion: 1 + (i % 3),
        lessonTitle: 'Lockout/tagout: isolating the press before you reach in',
        language: i % 7 === 0 ? 'es' : 'en',
        score,
        passed: score >= 0.8,
        durationMs: 60_000 + Math.floor(random() * 240_000),
        completedAt: new Date(1_795_000_000_000 + i * 1000).toISOString(),
      },
      ctx,
    );
  });
  return JSON.parse(JSON.stringify(statements)) as unknown[];
}

/** Statements of the shapes an LRS client sends besides completions, in turn. */
function lrsBatch(random: () => number): unknown[] {
  const agent = (n: number) => ({ objectType: 'Agent', name: `Learner ${n}`, mbox: `mailto:learner${n}@example.com` });
  const activity = (path: string) => ({ objectType: 'Activity', id: `http://courses.example.com/${path}` });
  const shapes: (() => Record<string, unknown>)[] = [
    () => ({
      id: uuid(random),
      actor: { objectType: 'Group', name: 'Crew B', member: [agent(1), agent(2), agent(3)] },
      verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered', 'de-DE': 'beantwortete', 'es-ES': 'respondió' } },
      object: {
        objectType: 'Activity',
        id: 'http://courses.example.com/safety/q3',
        definition: {
          name: { 'en-US': 'Which guard stays on?', 'de-DE': 'Welcher Schutz bleibt?' },
          type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
          interactionType: 'choice',
          correctResponsesPattern: ['b'],
          choices: [{ id: 'a', description: { 'en-US': 'None' } }, { id: 'b', description: { 'en-US': 'The fixed guard' } }, { id: 'c', description: { 'en-US': 'Any' } }],
        },
      },
      result: { score: { raw: 7, min: 0, max: 10, scaled: 0.7 }, success: true, response: 'b', duration: 'PT12.5S', extensions: { 'http://example.com/ext/attempt': 2 } },
      context: {
        registration: uuid(random),
        instructor: agent(99),
        contextActivities: { parent: [activity('safety')], grouping: [activity('plant-onboarding'), activity('2026-q4')], category: [activity('profile/cmi5')] },
        language: 'en-US',
        platform: 'Example LMS',
        extensions: { 'http://example.com/ext/session': uuid(random), 'http://example.com/ext/seat': { row: 3, seat: 'B' } },
      },
      timestamp: '2026-11-30T08:15:30.250+01:00',
    }),
    () => ({
      actor: agent(Math.floor(random() * 50)),
      verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
      object: {
        objectType: 'SubStatement',
        actor: agent(7),
        verb: { id: 'http://adlnet.gov/expapi/verbs/attended' },
        object: activity('toolbox-talk/42'),
        context: { contextActivities: { other: [activity('shift/night')] } },
      },
      context: { team: { objectType: 'Group', mbox: 'mailto:crew-b@example.com', member: [agent(4)] } },
    }),
    () => ({
      id: uuid(random),
      actor: { objectType: 'Agent', account: { homePage: 'http://hr.example.com', name: `u${Math.floor(random() * 1000)}` } },
      verb: { id: 'http://id.tincanapi.com/verb/mentored' },
      object: agent(12),
      attachments: [
        { usageType: 'http://id.tincanapi.com/attachment/certificate-of-completion', display: { 'en-US': 'Certificate' }, contentType: 'application/pdf', length: 48_213, sha2: 'a'.repeat(64), fileUrl: 'http://files.example.com/cert.pdf' },
      ],
      timestamp: '2026-11-30T07:00:00Z',
    }),
    () => ({
      actor: agent(1),
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
      object: { objectType: 'StatementRef', id: uuid(random) },
    }),
  ];
  return JSON.parse(JSON.stringify(Array.from({ length: BATCH }, (_, i) => shapes[i % shapes.length]()))) as unknown[];
}

interface Figures {
  cpuUs: number;
  gcUs: number;
  allocKb: number;
}

/** Prepares every batch `rounds` times over; per statement: CPU, GC time and bytes allocated. */
function measure(batches: unknown[][], principal: Principal, rounds: number): Figures {
  const ctx: WriteContext = { publicUrl: SERVER_URL, stored: '2026-12-01T10:00:00.000Z', now: new Date('2026-12-01T10:00:00Z'), maxClockSkewMs: 300_000 };
  const run = () => {
    for (const batch of batches) for (let i = 0; i < batch.length; i++) prepareStatement(batch[i], `[${i}]`, principal, ctx);
  };
  run(); // warm-up: compiled code and zod's parsers (the compiled statement schema is built on the first statement)
  (globalThis as { gc?: () => void }).gc?.();
  const profiler = new v8.GCProfiler();
  const heapBefore = process.memoryUsage().heapUsed;
  profiler.start();
  const cpuBefore = process.cpuUsage();
  for (let r = 0; r < rounds; r++) run();
  const cpu = process.cpuUsage(cpuBefore);
  const heapAfter = process.memoryUsage().heapUsed;
  const gcs = profiler.stop()?.statistics ?? [];
  const freed = gcs.reduce((sum, gc) => sum + gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize, 0);
  const statements = rounds * batches.reduce((n, b) => n + b.length, 0);
  return {
    cpuUs: (cpu.user + cpu.system) / statements,
    gcUs: gcs.reduce((sum, gc) => sum + gc.cost, 0) / statements,
    allocKb: (heapAfter - heapBefore + freed) / 1024 / statements,
  };
}

const { values } = benchArgs(
  'Usage: npx tsx test/bench/prepare-statement.ts [--rounds N] [--only kiosk|lrs]\n  (run with NODE_OPTIONS=--expose-gc to start each measurement from a collected heap)',
  { rounds: { type: 'string', default: '40' }, only: { type: 'string' } },
);
const rounds = Number(values.rounds);
const random = prng(17);
const cases = [
  { name: 'kiosk completions', key: 'kiosk', principal: terminal, batches: [kioskBatch(random), kioskBatch(random)] },
  { name: 'LRS statements (4 shapes)', key: 'lrs', principal: lrs, batches: [lrsBatch(random)] },
].filter((c) => values.only === undefined || c.key === values.only);
for (const c of cases) {
  const f = measure(c.batches, c.principal, rounds);
  console.log(`${c.name.padEnd(26)} ${f.cpuUs.toFixed(1).padStart(6)} us CPU/statement (GC pauses ${f.gcUs.toFixed(1).padStart(5)} us)  ${f.allocKb.toFixed(2).padStart(6)} KB allocated/statement`);
}
