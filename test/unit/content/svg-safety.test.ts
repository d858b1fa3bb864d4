import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { svgActiveContent } from '../../../common/media/svg-safety';
import { checkContent } from '../../../content-pack/pack';
import { lessonFile, writeContentFolder, SVG_WARM_MS, warmSvgCheck } from './fixtures';
import { HOSTILE_SVGS, PLAIN_SVGS } from './hostile-svgs';

beforeAll(warmSvgCheck, SVG_WARM_MS);

describe('SVG check by a real sanitiser (DOMPurify SVG profile on jsdom): refused when it had to change anything', () => {
  it.each(Object.entries(HOSTILE_SVGS))('refuses %s, naming what it found', (_name, { svg, names }) => {
    const found = svgActiveContent(svg);
    expect(found.join(' | ')).toContain(names);
  });

  it.each(Object.entries(PLAIN_SVGS))('accepts a plain drawing: %s', (_name, svg) => {
    expect(svgActiveContent(svg)).toEqual([]);
  });

  it('accepts every SVG of the starter library', () => {
    const media = path.join(__dirname, '../../../content/media');
    const svgs = fs.readdirSync(media).filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThan(5);
    for (const f of svgs) expect([f, svgActiveContent(fs.readFileSync(path.join(media, f), 'utf8'))]).toEqual([f, []]);
  });

  it('content check refuses a hostile SVG at the line that uses it, with the fix', () => {
    const dir = writeContentFolder({
      'lessons/a/demo.en.md': lessonFile({ body: '\n::: image src=media/evil.svg alt="A lock"' }),
      'media/evil.svg': HOSTILE_SVGS['namespaced <s:script>'].svg,
    });
    expect(checkContent(dir).map((p) => [p.line, p.problem, p.fix])).toEqual([
      [9, 'media/evil.svg: SVG is not a plain drawing: a sanitiser had to remove <s:script>', expect.stringMatching(/^export the diagram as a plain SVG .*or as PNG$/)],
    ]);
  });
});
