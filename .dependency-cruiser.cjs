// The layer rules of the developers' guide, checked by `npm run lint:layers` (part of `npm test`).
// Each rule names the layer that must not reach another; type-only imports count too, because a
// type import is how one layer starts to lean on another's internals.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-not-to-shell-renderer-web-host',
      comment: 'The kiosk core is plain Node behind one contract: it never knows which transport or UI drives it.',
      severity: 'error',
      from: { path: '^electron/core/' },
      to: { path: '^(electron/shell|electron/web-host|renderer)/' },
    },
    {
      name: 'renderer-not-to-core-shell-server',
      comment: 'The renderer talks to the core only through common/contracts and its transport.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(electron/core|electron/shell|server)/' },
    },
    {
      name: 'server-not-to-electron-renderer',
      comment: 'The central server shares only common/ with the kiosk.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^(electron|renderer)/' },
    },
    {
      name: 'server-not-to-content-tooling',
      comment: 'What the server and the content tool both need (pack versions, manifest) lives in common/contracts.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^content-pack/' },
    },
    {
      name: 'shell-not-to-web-host',
      comment: 'The two transports share code through electron/transport, not through each other.',
      severity: 'error',
      from: { path: '^electron/shell/' },
      to: { path: '^electron/web-host/' },
    },
    {
      name: 'transports-not-to-renderer',
      comment: 'Shell and web host share the call and reply types with the renderer through common/contracts.',
      severity: 'error',
      from: { path: '^electron/(shell|web-host)/' },
      to: { path: '^renderer/' },
    },
    {
      name: 'common-not-to-app',
      comment: 'common/ is pure shared code: it imports nothing of the app.',
      severity: 'error',
      from: { path: '^common/' },
      to: { path: '^(electron|renderer|server|content-pack|kiosk-config)/' },
    },
    {
      name: 'kiosk-config-not-to-electron',
      comment: 'The config tool takes shared code (e.g. the PIN hash) from common/, never from the kiosk runtime.',
      severity: 'error',
      from: { path: '^kiosk-config/' },
      to: { path: '^(electron|renderer|server)/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle means two modules are one module; move what both need into a third (e.g. db/types.ts).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'],
    },
    cache: { folder: '.cache/dependency-cruiser', strategy: 'content' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
