import { describe, expect, it } from 'vitest';
import { lessonMediaHashes, lesson as lessonSchema } from '../../../common/contracts/lesson';

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
