/**
 * SVGs that carry active or external content, each the way an attacker (or an unlucky export) writes
 * it, with what the checker must name. Used by the pack tool's tests and the server upload's.
 */

const svg = (inner: string, attrs = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"${attrs}>${inner}</svg>`;

export const HOSTILE_SVGS: Record<string, { svg: string; names: string }> = {
  'script element': { svg: svg('<script>alert(1)</script>'), names: '<script>' },
  'namespaced <s:script>': { svg: svg('<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script>'), names: '<s:script>' },
  'event handler attribute': { svg: svg('<rect width="5" height="5"/>', ' onload="alert(1)"'), names: 'onload="alert(1)" on <svg>' },
  '<set attributeName="onload">': { svg: svg('<set attributeName="onload" to="alert(1)"/>'), names: '<set>' },
  '<animate> writing a javascript: href': { svg: svg('<a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a>'), names: '<animate>' },
  'entity-encoded javascript: link': { svg: svg('<a xlink:href="&#106;avascript:alert(1)"><text>x</text></a>'), names: 'xlink:href="javascript:alert(1)" on <a>' },
  '<handler ev:event="load">': { svg: svg('<handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">alert(1)</handler>'), names: '<handler>' },
  'data-URI <image>': { svg: svg('<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" width="5" height="5"/>'), names: 'href="data:image/svg+xml;base64' },
  'remote <image>': { svg: svg('<image xlink:href="https://evil.example/track.png" width="5" height="5"/>'), names: 'xlink:href="https://evil.example/track.png" on <image>' },
  'remote <use>': { svg: svg('<use href="https://evil.example/x.svg#a"/>'), names: 'href="https://evil.example/x.svg#a" on <use>' },
  'CSS @import': { svg: svg('<style>@import url(https://evil.example/x.css);</style><rect width="5" height="5"/>'), names: 'a <style> that loads CSS or images from elsewhere' },
  'CSS url() in a style attribute': { svg: svg('<rect width="5" height="5" style="fill: url(https://evil.example/p.png)"/>'), names: 'style="fill: url(https://evil.example/p.png)" on <rect>' },
  'XXE DOCTYPE': { svg: `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg('<text>&x;</text>')}`, names: 'a DOCTYPE or entity declaration' },
  '<foreignObject> with HTML': { svg: svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/></div></foreignObject>'), names: '<foreignobject>' },
  '<iframe>': { svg: svg('<iframe src="https://evil.example"/>'), names: '<iframe>' },
  '<?xml-stylesheet?>': { svg: `<?xml-stylesheet href="https://evil.example/x.css"?>${svg('<rect width="5" height="5"/>')}`, names: 'a processing instruction such as <?xml-stylesheet?>' },
};

/** Plain drawings that must pass: internal references, gradients, text, an XML declaration, ARIA. */
export const PLAIN_SVGS: Record<string, string> = {
  'shapes and text': svg('<rect width="10" height="10" fill="#fc0"/><text x="1" y="5" font-size="2">Lock</text>'),
  'XML declaration and comment': `<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn by hand -->\n${svg('<circle cx="5" cy="5" r="3"/>')}`,
  'internal references': svg(
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient><path id="p" d="M0 0h5"/></defs>' +
      '<rect width="10" height="10" fill="url(#g)" style="fill: url(#g)"/><use href="#p"/><use xlink:href="#p"/>',
    ' role="img" aria-label="A lock"',
  ),
};
