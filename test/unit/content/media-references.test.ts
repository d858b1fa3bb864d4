import { describe, expect, it, beforeAll } from 'vitest';
import { lessonMediaHashes, lesson as lessonSchema } from '../../../common/contracts/lesson';
import { buildPack, checkContent } from '../../../content-pack/pack';
import { DIAGRAM_SVG, lessonFile, writeContentFolder, SVG_WARM_MS, warmSvgCheck } from './fixtures';

beforeAll(warmSvgCheck, SVG_WARM_MS);

const h = (c: string) => c.repeat(64);

describe('lessonMediaHashes: what the pack tool, the server and the terminal all expect a lesson to need', () => {
  it('finds images written as Markdown and as raw <img>, plus image, video and caption cards', () => {
    const l = lessonSchema.parse({
      id: 'l',
      version: 1,
      language: 'en',
      title: 'L',
      durationMinutes: 2,
      cards: [
        { kind: 'text', id: 't', markdown: `![a](media:${h('a')}) and <img src="media:${h('b')}" alt="b">` },
        { kind: 'image', id: 'i', media: h('c'), alt: 'c' },
        { kind: 'video', id: 'v', media: h('d'), mimeType: 'video/webm', captions: h('e') },
      ],
    });
    expect(lessonMediaHashes(l)).toEqual([h('a'), h('b'), h('c'), h('d'), h('e')]);
  });
});

describe('images in lesson Markdown, read with the player\'s own Markdown lexer', () => {
  const textLesson = (markdown: string) =>
    lessonSchema.parse({ id: 'l', version: 1, language: 'en', title: 'L', durationMinutes: 2, cards: [{ kind: 'text', id: 't', markdown }] });

  it('lessonMediaHashes: a media reference shown as code is text, not an image the lesson needs', () => {
    const markdown = ['Write it as `![x](media:' + h('a') + ')`:', '', '```', `<img src="media:${h('b')}">`, '```', '', `![real](media:${h('c')})`].join('\n');
    expect(lessonMediaHashes(textLesson(markdown))).toEqual([h('c')]);
  });

  it('build: a reference-style image is checked and shipped; an image inside code is left alone', () => {
    const body = [
      '',
      '::: text',
      'The lock: ![the lock][lock]',
      '',
      '```',
      '![not an image](media/not-there.svg)',
      '```',
      '',
      '[lock]: media/lock.svg',
    ].join('\n');
    const dir = writeContentFolder({ 'lessons/a/demo.en.md': lessonFile({ body }), 'media/lock.svg': DIAGRAM_SVG });
    const pack = buildPack(dir);
    const markdown = (pack.lessons[0].cards[0] as { markdown: string }).markdown;
    const lockHash = pack.manifest.media[0].sha256;
    expect(pack.manifest.media).toHaveLength(1);
    expect(markdown).toContain(`![the lock](media:${lockHash})`);
    expect(markdown).toContain('![not an image](media/not-there.svg)');
    expect(lessonMediaHashes(pack.lessons[0])).toEqual([lockHash]);
  });

  it('build: a missing reference-style image is reported at the line of the image', () => {
    const body = ['', '::: text', 'Intro.', 'The lock: ![the lock][lock]', '', '[lock]: media/gone.svg'].join('\n');
    const dir = writeContentFolder({ 'lessons/a/demo.en.md': lessonFile({ body }) });
    const problems = checkContent(dir);
    expect(problems.map((p) => [p.line, p.problem])).toEqual([[11, `media file ${dir}/media/gone.svg does not exist`]]);
  });
});
