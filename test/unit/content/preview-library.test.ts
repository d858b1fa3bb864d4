import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { PreviewLibrary } from '../../../content-pack/preview/preview-library';
import { goodLibrary, lessonFile, writeContentFolder, SVG_WARM_MS, warmSvgCheck } from './fixtures';

beforeAll(warmSvgCheck, SVG_WARM_MS);

describe('the preview compiles a content folder with the build checks, showing what it can', () => {
  it('leaves out a card with a problem and lists the problem with the lesson', () => {
    const dir = writeContentFolder({ ...goodLibrary(), 'lessons/area/demo.en.md': lessonFile() + '\n::: image src=media/lock.svg\n' });
    const shown = new PreviewLibrary(dir).lesson('demo', 'en');
    expect(shown.stale).toBe(false);
    expect(shown.lesson?.cards.map((c) => c.kind)).toEqual(['text', 'image', 'check']);
    expect(shown.problems.map((p) => [p.file, p.problem])).toEqual([['lessons/area/demo.en.md', 'image card without alt text']]);
  });

  it('keeps showing the last version that built while the front matter is broken, marked stale; a change bumps the version', () => {
    const dir = writeContentFolder(goodLibrary());
    const library = new PreviewLibrary(dir);
    const before = library.state().version;
    expect(library.refresh()).toBe(false);

    fs.writeFileSync(path.join(dir, 'lessons/area/demo.en.md'), lessonFile({ fields: { duration: '30' } }));
    expect(library.refresh()).toBe(true);
    expect(library.state().version).toBe(before + 1);
    const shown = library.lesson('demo', 'en');
    expect(shown).toMatchObject({ stale: true, lesson: { id: 'demo', title: 'Demo lesson' } });
    expect(shown.problems.map((p) => p.problem)).toEqual(['duration 30 is outside 1-10 minutes']);
  });

  it('plays the translation in the chosen language, else the English version (as a terminal set to English does)', () => {
    const library = new PreviewLibrary(writeContentFolder(goodLibrary()));
    expect(library.lesson('demo', 'es').lesson?.language).toBe('es');
    expect(library.lesson('demo', 'vi').lesson?.language).toBe('en');
    expect(library.lesson('nope', 'en')).toEqual({ lesson: null, stale: false, problems: [] });
    expect(library.state().lessons).toEqual([{ id: 'demo', title: 'Demo lesson', languages: ['en', 'es'] }]);
  });
});
