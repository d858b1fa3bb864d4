// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createMarkdownRenderer } from '../../../renderer/src/lesson/sanitize';

const hash = 'a'.repeat(64);
const render = createMarkdownRenderer((sha) => `kiosk-media://cache/${sha}`);

function parse(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('lesson markdown sanitiser', () => {
  it('keeps ordinary formatting', () => {
    const dom = parse(render('# Lockout\n\nAlways **lock** the press.\n\n- one\n- two'));
    expect(dom.querySelector('h1')?.textContent).toBe('Lockout');
    expect(dom.querySelector('strong')?.textContent).toBe('lock');
    expect(dom.querySelectorAll('li')).toHaveLength(2);
  });

  it('removes script tags and their code', () => {
    const html = render('Hello\n\n<script>alert(1)</script>\n\n<p>after</p>');
    expect(html).not.toMatch(/script/i);
    expect(html).not.toContain('alert');
    expect(parse(html).textContent).toContain('after');
  });

  it('removes event handler attributes', () => {
    const dom = parse(render(`<p onclick="steal()">x</p>\n\n<img src="media:${hash}" onerror="steal()" alt="a">`));
    expect(dom.innerHTML).not.toContain('steal');
    expect(dom.querySelector('[onclick],[onerror]')).toBeNull();
  });

  it('drops iframes, objects and style', () => {
    const html = render('<iframe src="https://evil.example"></iframe><object data="x"></object><style>body{}</style>text');
    const dom = parse(html);
    expect(dom.querySelector('iframe,object,style')).toBeNull();
    expect(html).not.toContain('evil.example');
  });

  it('keeps the text of links but never a link, so javascript: urls cannot run', () => {
    const dom = parse(render('[click me](javascript:alert(1)) and [site](https://example.com)'));
    expect(dom.querySelector('a')).toBeNull();
    expect(dom.innerHTML).not.toContain('javascript:');
    expect(dom.textContent).toContain('click me');
  });

  it('rewrites media: image references to the transport URL', () => {
    const img = parse(render(`![the guard](media:${hash})`)).querySelector('img');
    expect(img?.getAttribute('src')).toBe(`kiosk-media://cache/${hash}`);
    expect(img?.getAttribute('alt')).toBe('the guard');
  });

  it('removes remote, data and malformed image sources', () => {
    const dom = parse(
      render(
        '![remote](https://evil.example/x.png) ![data](data:image/png;base64,AAAA) ![bad](media:1234) ' +
          `<img src="//evil.example/y.png"> <img alt="nosrc">`,
      ),
    );
    expect(dom.querySelector('img')).toBeNull();
    expect(dom.innerHTML).not.toContain('evil.example');
  });
});
