import { describe, expect, it, beforeAll } from 'vitest';
import path from 'node:path';
import { main } from '../../../content-pack/cli';
import { checkContent, buildPack } from '../../../content-pack/pack';
import { ContentProblemsError, formatProblem, type Problem } from '../../../content-pack/problems';
import { goodLibrary, lessonFile, writeContentFolder, DIAGRAM_SVG, SVG_WARM_MS, warmSvgCheck } from './fixtures';

beforeAll(warmSvgCheck, SVG_WARM_MS);

function problemsFor(files: Record<string, string>): { dir: string; problems: Problem[]; lines: string[] } {
  const dir = writeContentFolder(files);
  const problems = checkContent(dir);
  return { dir, problems, lines: problems.map(formatProblem) };
}

const checkBody = (options: string, mode = 'single') => `
::: text
Hello.

::: check ${mode} id=demo-q
Question?
${options}
explanation: Because.
`;

describe('content validation', () => {
  it('accepts a valid library with no problems', () => {
    expect(problemsFor(goodLibrary()).problems).toEqual([]);
  });

  it('reports an unknown front-matter field at its line, with the fix', () => {
    const { dir, lines } = problemsFor({ ...goodLibrary(), 'lessons/area/demo.en.md': lessonFile({ extra: ['prerequisite: [x]'] }) });
    const file = path.join(dir, 'lessons/area/demo.en.md');
    expect(lines).toEqual([
      `${file}:7: unknown front-matter field "prerequisite". Fix: remove it or correct the spelling; the fields are: id, version, title, language, duration, summary, skills, roles, stations, prerequisites, recertify_after, tags, required_for`,
    ]);
  });

  it('reports a missing media file at the line that references it', () => {
    const files = goodLibrary();
    delete (files as Record<string, string>)['media/lock.svg'];
    const { dir, problems } = problemsFor(files);
    const en = problems.filter((p) => p.file === path.join(dir, 'lessons/area/demo.en.md'));
    expect(en.map((p) => [p.line, p.problem])).toEqual([
      [11, `media file ${dir}/media/lock.svg does not exist`],
      [13, `media file ${dir}/media/lock.svg does not exist`],
    ]);
    expect(en[0].fix).toMatch(/add the file/);
  });

  it('reports a prerequisite that is not a lesson', () => {
    const { problems } = problemsFor({
      ...goodLibrary(),
      'lessons/area/demo.en.md': lessonFile({ extra: ['prerequisites: [lockout-basics]'] }),
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 7, problem: 'prerequisite "lockout-basics" is not a lesson in this library' });
  });

  it('reports prerequisites that form a loop', () => {
    const { problems } = problemsFor({
      'lessons/a/one.en.md': lessonFile({ id: 'one', extra: ['prerequisites: [two]'], body: checkBody('- [x] a :: y\n- [ ] b :: n').replace('demo-q', 'one-q') }),
      'lessons/a/two.en.md': lessonFile({ id: 'two', extra: ['prerequisites: [one]'], body: checkBody('- [x] a :: y\n- [ ] b :: n').replace('demo-q', 'two-q') }),
    });
    expect(problems.map((p) => p.problem)).toEqual(['prerequisites form a loop: one -> two -> one']);
  });

  it('reports the same id and language twice, naming the first file', () => {
    const { dir, problems } = problemsFor({ ...goodLibrary(), 'lessons/other/demo.en.md': lessonFile() });
    expect(problems).toHaveLength(1);
    expect(problems[0].file).toBe(path.join(dir, 'lessons/other/demo.en.md'));
    expect(problems[0].problem).toBe(`duplicate lesson: id "demo" in language "en" is also defined in ${path.join(dir, 'lessons/area/demo.en.md')}`);
  });

  it('reports a check without a correct answer, and a single check with two', () => {
    const none = problemsFor({ 'lessons/a/demo.en.md': lessonFile({ body: checkBody('- [ ] a :: no\n- [ ] b :: no') }) });
    expect(none.problems.map((p) => [p.line, p.problem])).toEqual([[12, 'check without a correct answer']]);
    const two = problemsFor({ 'lessons/a/demo.en.md': lessonFile({ body: checkBody('- [x] a :: yes\n- [x] b :: yes') }) });
    expect(two.problems.map((p) => p.problem)).toEqual(['single check has 2 correct answers']);
    const tf = problemsFor({ 'lessons/a/demo.en.md': lessonFile({ body: checkBody('- [x] True :: y\n- [x] False :: y', 'truefalse') }) });
    expect(tf.problems.map((p) => p.problem)).toEqual(['truefalse check has 2 correct answers']);
    const multi = problemsFor({ 'lessons/a/demo.en.md': lessonFile({ body: checkBody('- [x] a :: y\n- [x] b :: y\n- [ ] c :: n', 'multiple') }) });
    expect(multi.problems).toEqual([]);
  });

  it.each([['0'], ['11'], ['15']])('reports duration %s as outside 1-10 minutes', (duration) => {
    const { problems } = problemsFor({ ...goodLibrary(), 'lessons/area/demo.en.md': lessonFile({ fields: { duration } }) });
    expect(problems.map((p) => [p.line, p.problem])).toEqual([[6, `duration ${duration} is outside 1-10 minutes`]]);
    expect(problems[0].fix).toMatch(/1 to 10/);
  });

  it('reports a translation whose id has no English version', () => {
    const { problems } = problemsFor({
      'lessons/area/demo.es.md': lessonFile({ language: 'es' }),
      'media/lock.svg': DIAGRAM_SVG,
    });
    expect(problems.map((p) => [p.line, p.problem])).toEqual([[2, 'translation of "demo" has no en version']]);
    expect(problems[0].fix).toMatch(/demo\.en\.md/);
  });

  it('reports malformed card directives and options at their lines', () => {
    const body = [
      '',
      '::: text',
      'Hi.',
      '::: slide',
      'Some text',
      '::: image src=media/lock.svg',
      '::: check single',
      'Q?',
      '- [x] a :: y',
      '- [ ] b :: n',
      'explanation: e',
      '::: check pick id=demo-q2',
      'Q?',
      '- [x] a :: y',
      '- [y] b :: n',
      'explanation: e',
      '::: text colour=red',
      'x',
    ].join('\n');
    const { problems } = problemsFor({ 'lessons/a/demo.en.md': lessonFile({ body }), 'media/lock.svg': DIAGRAM_SVG });
    expect(problems.map((p) => [p.line, p.problem])).toEqual([
      [11, 'unknown card kind "slide"'],
      [13, 'image card without alt text'],
      [14, 'check card without an id'],
      [19, 'unknown check type "pick"'],
      [22, 'malformed answer option'],
      [24, 'unknown attribute "colour" on a text card'],
    ]);
    for (const p of problems) expect(p.fix.length).toBeGreaterThan(10);
  });

  it('reports options without feedback and checks without an explanation', () => {
    const body = '::: check single id=demo-q\nQ?\n- [x] a\n- [ ] b :: n\n';
    const { problems } = problemsFor({ 'lessons/a/demo.en.md': lessonFile({ body }) });
    expect(problems.map((p) => [p.line, p.problem])).toEqual([
      [8, 'check card without an explanation'],
      [10, 'answer option "a" has no feedback'],
    ]);
  });

  it('refuses remote media and SVGs that carry script', () => {
    const body = '::: image src=https://example.com/x.png alt="x"\n::: image src=media/evil.svg alt="y"\n::: check single id=demo-q\nQ?\n- [x] a :: y\n- [ ] b :: n\nexplanation: e';
    const { problems } = problemsFor({
      'lessons/a/demo.en.md': lessonFile({ body }),
      'media/evil.svg': '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    });
    expect(problems.map((p) => p.problem)).toEqual([
      '"https://example.com/x.png" is not a file in the content folder',
      'media/evil.svg: SVG is not a plain drawing: a sanitiser had to remove onload="alert(1)" on <svg>',
    ]);
  });

  it('reports every problem of several files in one run, in file and line order', () => {
    const { dir, lines } = problemsFor({
      'lessons/a/one.en.md': lessonFile({ id: 'one', fields: { duration: '20' }, extra: ['colour: red'] }),
      'lessons/a/two.es.md': lessonFile({ id: 'two', language: 'es', body: checkBody('- [x] a :: y\n- [ ] b :: n').replace('demo-q', 'two-q') }),
      'media/lock.svg': DIAGRAM_SVG,
    });
    expect(lines.map((l) => l.slice(dir.length + 1, l.indexOf(': ')))).toEqual([
      'lessons/a/one.en.md:6',
      'lessons/a/one.en.md:7',
      'lessons/a/two.es.md:2',
    ]);
    expect(() => buildPack(dir)).toThrow(ContentProblemsError);
  });

  it('turns recertify_after periods into days and rejects other spellings', () => {
    const periods: Array<[string, number | null]> = [['365d', 365], ['12w', 84], ['6m', 180], ['1y', 365], ['never', null]];
    for (const [period, days] of periods) {
      const dir = writeContentFolder({ ...goodLibrary(), 'lessons/area/demo.en.md': lessonFile({ extra: [`recertify_after: ${period}`] }) });
      const pack = buildPack(dir);
      expect(pack.lessons.find((l) => l.language === 'en')!.recertifyAfterDays).toBe(days);
    }
    const { problems } = problemsFor({ ...goodLibrary(), 'lessons/area/demo.en.md': lessonFile({ extra: ['recertify_after: 1 year'] }) });
    expect(problems.map((p) => p.problem)).toEqual(['front-matter field "recertify_after" is invalid: "1 year" is not a recertification period']);
  });
});

describe('required_for (issue 14)', () => {
  it('builds the roles, stations and recertification into every language of the lesson', () => {
    const dir = writeContentFolder({
      ...goodLibrary(),
      'lessons/area/demo.en.md': lessonFile({ extra: ['required_for: {roles: [press-operator], stations: [press-line-4], recert_days: 180}'] }),
    });
    const pack = buildPack(dir);
    for (const language of ['en', 'es']) {
      const l = pack.lessons.find((x) => x.language === language)!;
      expect(l.requiredFor).toEqual({ roles: ['press-operator'], stations: ['press-line-4'] });
      expect(l.recertifyAfterDays).toBe(180);
    }
  });

  it('a lesson without required_for builds the same JSON as before (no empty requiredFor)', () => {
    const pack = buildPack(writeContentFolder(goodLibrary()));
    expect(pack.lessons.every((l) => !('requiredFor' in l))).toBe(true);
  });

  it('names the problem: unknown key, no owner, a contradicting recertify_after, a translation that disagrees', () => {
    const en = (line: string, extra: string[] = []) => lessonFile({ extra: [line, ...extra] });
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'lessons/area/demo.en.md': en('required_for: {role: [press-operator]}') }, 'unknown key "role" in "required_for"'],
      [{ 'lessons/area/demo.en.md': en('required_for: {roles: []}') }, 'front-matter field "required_for" is invalid: name at least one role or station'],
      [{ 'lessons/area/demo.en.md': en('required_for: {roles: [Press Operator]}') }, 'front-matter field "required_for.roles.0" is invalid: use lowercase letters, digits and dashes'],
      [{ 'lessons/area/demo.en.md': en('required_for: {roles: [op], recert_days: 30}', ['recertify_after: 1y']) }, 'required_for.recert_days is 30 but recertify_after is 365 days'],
      [
        {
          'lessons/area/demo.en.md': en('required_for: {roles: [op]}'),
          'lessons/area/demo.es.md': lessonFile({ language: 'es', extra: ['required_for: {roles: [welder]}'] }),
        },
        'required_for differs from the en version\'s',
      ],
    ];
    for (const [files, expected] of cases) {
      const { problems } = problemsFor({ ...goodLibrary(), ...files });
      expect(problems.map((p) => p.problem).join('\n')).toContain(expected);
      expect(problems.find((p) => p.problem.includes(expected.slice(0, 20)))?.line).toBe(7);
    }
  });
});

describe('every problem in one pass (issue 18)', () => {
  it('a card refused for one reason still has its media checked: missing alt and missing file, missing captions and a remote video', () => {
    const body = [
      '',
      '::: image src=media/pinch-pont.svg',
      '',
      '::: video src=https://example.com/press.webm',
      '',
      '::: text',
      'Keep hands clear. ![Guard](media/guard.svg)',
      '',
      '::: check single',
      'Question?',
      '- [x] a :: y',
      '- [ ] b :: n',
      'explanation: Because.',
    ].join('\n');
    const { dir, lines } = problemsFor({ 'lessons/a/demo.en.md': lessonFile({ body }) });
    const file = path.join(dir, 'lessons/a/demo.en.md');
    expect(lines).toEqual([
      `${file}:9: image card without alt text. Fix: add alt="<what the picture shows>" for workers who cannot see it`,
      `${file}:9: media file ${dir}/media/pinch-pont.svg does not exist. Fix: add the file to ${dir}/media/ or correct the path (media paths are relative to the content folder, e.g. media/lock-and-tag.svg)`,
      `${file}:11: "https://example.com/press.webm" is not a file in the content folder. Fix: download the file into content/media/ and reference it as media/<file>; lessons play offline`,
      `${file}:11: video card without captions. Fix: add captions=media/<file>.vtt (a WebVTT file); noisy floors need captions`,
      `${file}:14: media file ${dir}/media/guard.svg does not exist. Fix: add the file to ${dir}/media/ or correct the path (media paths are relative to the content folder, e.g. media/lock-and-tag.svg)`,
      `${file}:16: check card without an id. Fix: add id=<check-id>, e.g. id=loto-who-removes; keep it the same across versions and translations`,
    ]);
  });

  it('a misnamed file still has its front matter and cards checked', () => {
    const { problems } = problemsFor({ 'lessons/a/Demo Lesson.md': lessonFile({ fields: { duration: '30' }, body: '\n::: image src=media/x.svg' }) });
    expect(problems.map((p) => p.problem)).toEqual([
      'file name "Demo Lesson.md" is not <lesson-id>.<language>.md',
      'duration 30 is outside 1-10 minutes',
      'image card without alt text',
    ]);
  });

  it('a front-matter alias bomb is a problem at its first alias, not a crash', () => {
    const levels = ['x1: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`x${i + 1}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(', ')}]`);
    const { lines } = problemsFor({ 'lessons/a/demo.en.md': lessonFile({ extra: levels }), 'media/lock.svg': DIAGRAM_SVG });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/demo\.en\.md:8: front matter aliases \(\*name\) expand to more than 50 copies; the front matter was not read\. Fix: write each value out/);
  });

  it('check --json prints the problems as data for editors and CI, exit 1; none is exit 0', () => {
    const dir = writeContentFolder({ 'lessons/a/demo.en.md': lessonFile({ fields: { duration: '30' } }) });
    const out: string[] = [];
    expect(main(['check', dir, '--json'], (s) => out.push(s), () => undefined)).toBe(1);
    expect(JSON.parse(out.join(''))).toEqual({
      problems: [
        { file: path.join(dir, 'lessons/a/demo.en.md'), line: 6, problem: 'duration 30 is outside 1-10 minutes', fix: expect.stringContaining('from 1 to 10') },
        { file: path.join(dir, 'lessons/a/demo.en.md'), line: 11, problem: `media file ${dir}/media/lock.svg does not exist`, fix: expect.any(String) },
        { file: path.join(dir, 'lessons/a/demo.en.md'), line: 13, problem: `media file ${dir}/media/lock.svg does not exist`, fix: expect.any(String) },
      ],
    });
    const clean: string[] = [];
    expect(main(['check', writeContentFolder(goodLibrary()), '--json'], (s) => clean.push(s), () => undefined)).toBe(0);
    expect(JSON.parse(clean.join(''))).toEqual({ problems: [] });
  });
});
