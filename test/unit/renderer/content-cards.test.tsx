// @vitest-environment jsdom
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Card } from '../../../common/contracts/lesson';
import { ImageCardView } from '../../../renderer/src/lesson/cards/ImageCardView';
import { TextCardView } from '../../../renderer/src/lesson/cards/TextCardView';
import { VideoCardView } from '../../../renderer/src/lesson/cards/VideoCardView';
import { createMarkdownRenderer } from '../../../renderer/src/lesson/sanitize';
import { KioskProvider } from '../../../renderer/src/state/context';
import { createKioskStore } from '../../../renderer/src/state/store';
import { fakeTransport, signedIn } from './fixtures';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const hash = 'b'.repeat(64);
let root: Root | null = null;
let container: HTMLDivElement;

function mount(node: ReactNode, language = 'en') {
  const fake = fakeTransport();
  const store = createKioskStore(fake.transport);
  store.getState().applySnapshot(signedIn('w-1', 'Ana', language));
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root!.render(<KioskProvider store={store} transport={fake.transport}>{node}</KioskProvider>));
}

afterEach(() => {
  act(() => root?.unmount());
  root = null;
  container.remove();
});

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);
const imageCard: Extract<Card, { kind: 'image' }> = { kind: 'image', id: 'i1', media: hash, alt: 'Padlock on the isolator', caption: 'Lock it' };
const videoCard: Extract<Card, { kind: 'video' }> = { kind: 'video', id: 'v1', media: hash, mimeType: 'video/webm', captions: 'c'.repeat(64), captionsLanguage: 'es', caption: 'Try start' };

function press(target: EventTarget, key: string) {
  act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

describe('image card', () => {
  it('opens the picture full-screen on a tap and closes it with Escape, giving focus back', () => {
    mount(<ImageCardView card={imageCard} />);
    const opener = $<HTMLButtonElement>('[data-testid="zoom-image"]')!;
    expect(opener.getAttribute('aria-label')).toBe('Enlarge picture: Padlock on the isolator');
    opener.focus();
    act(() => opener.click());
    const dialog = $('[data-testid="image-zoom"]')!;
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.querySelector('img')?.getAttribute('src')).toBe(`/media/${hash}`);
    expect(document.activeElement).toBe($('[data-testid="close-zoom"]'));

    press(document.activeElement!, 'Escape');
    expect($('[data-testid="image-zoom"]')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('closes on a tap anywhere and with the Close button', () => {
    mount(<ImageCardView card={imageCard} />);
    act(() => $<HTMLButtonElement>('[data-testid="zoom-image"]')!.click());
    act(() => $<HTMLElement>('[data-testid="image-zoom"] img')!.click());
    expect($('[data-testid="image-zoom"]')).toBeNull();
    act(() => $<HTMLButtonElement>('[data-testid="zoom-image"]')!.click());
    act(() => $<HTMLButtonElement>('[data-testid="close-zoom"]')!.click());
    expect($('[data-testid="image-zoom"]')).toBeNull();
  });

  it('keeps arrow keys from paging the lesson while the picture is open', () => {
    mount(<ImageCardView card={imageCard} />);
    act(() => $<HTMLButtonElement>('[data-testid="zoom-image"]')!.click());
    const arrow = new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true });
    act(() => {
      document.activeElement!.dispatchEvent(arrow);
    });
    expect(arrow.defaultPrevented).toBe(true);
  });

  it('shows "Image not available" with the alt text when the file is missing or corrupt', () => {
    mount(<ImageCardView card={imageCard} />);
    act(() => {
      $('img')!.dispatchEvent(new Event('error'));
    });
    const placeholder = $('[data-testid="media-missing"]')!;
    expect(placeholder.textContent).toContain('Image not available');
    expect(placeholder.textContent).toContain('Padlock on the isolator');
    expect($('[data-testid="zoom-image"]')).toBeNull();
    expect($('figcaption')?.textContent).toBe('Lock it');
  });

  it('says it in the worker language', () => {
    mount(<ImageCardView card={imageCard} />, 'es');
    act(() => {
      $('img')!.dispatchEvent(new Event('error'));
    });
    expect($('[data-testid="media-missing"]')!.textContent).toContain('Imagen no disponible');
  });
});

describe('video card', () => {
  it('has captions on by default in the lesson language and a Replay button', () => {
    mount(<VideoCardView card={videoCard} />);
    const track = $<HTMLTrackElement>('video track')!;
    expect(track.kind).toBe('captions');
    expect(track.default).toBe(true);
    expect(track.srclang).toBe('es');
    expect(track.getAttribute('src')).toBe(`/media/${'c'.repeat(64)}`);
    expect($('[data-testid="replay-video"]')?.textContent).toContain('Replay');
  });

  it('shows "Video not available" when the file is missing or corrupt, keeping the caption', () => {
    mount(<VideoCardView card={videoCard} />);
    act(() => {
      $('video')!.dispatchEvent(new Event('error'));
    });
    expect($('[data-testid="media-missing"]')!.textContent).toBe('Video not available');
    expect($('[data-testid="replay-video"]')).toBeNull();
    expect($('figcaption')?.textContent).toBe('Try start');
  });
});

describe('text card', () => {
  const markdown = `Stop the machine.\nLock the isolator.\n\n![Lock on switch](media:${hash})`;

  it('keeps one sentence per line (line breaks are kept)', () => {
    const html = createMarkdownRenderer((sha) => `/media/${sha}`)('Stop the machine.\nLock the isolator.');
    expect(html).toBe('<p>Stop the machine.<br>Lock the isolator.</p>\n');
  });

  it('makes pictures zoomable by tap and by keyboard', () => {
    mount(<TextCardView markdown={markdown} />);
    const img = $<HTMLImageElement>('.card-text img')!;
    expect(img.tabIndex).toBe(0);
    expect(img.getAttribute('role')).toBe('button');
    act(() => img.click());
    expect($('[data-testid="image-zoom"] img')?.getAttribute('alt')).toBe('Lock on switch');
    act(() => $<HTMLButtonElement>('[data-testid="close-zoom"]')!.click());

    press(img, 'Enter');
    expect($('[data-testid="image-zoom"]')).not.toBeNull();
  });

  it('replaces a missing picture with "Image not available" and its alt text', () => {
    mount(<TextCardView markdown={markdown} />);
    act(() => {
      $('.card-text img')!.dispatchEvent(new Event('error'));
    });
    expect($('.card-text [data-testid="media-missing"]')?.textContent).toBe('Image not available: Lock on switch');
    expect($('.card-text')!.textContent).toContain('Lock the isolator.');
  });
});
