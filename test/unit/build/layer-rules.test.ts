import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

// `npm run lint:layers` passing on the repository proves nothing unless the rules can fail: cruise a
// miniature repository holding one import across every forbidden boundary (and the allowed ones)
// with the project's own rules file, and expect exactly the forbidden ones reported.

type Edge = { from: string; to: string; rule?: string; typeOnly?: boolean };

const forbidden: Edge[] = [
  { from: 'electron/core', to: 'electron/shell', rule: 'core-not-to-shell-renderer-web-host' },
  { from: 'electron/core', to: 'electron/web-host', rule: 'core-not-to-shell-renderer-web-host' },
  { from: 'electron/core', to: 'renderer', rule: 'core-not-to-shell-renderer-web-host' },
  { from: 'renderer', to: 'electron/core', rule: 'renderer-not-to-core-shell-server' },
  { from: 'renderer', to: 'electron/shell', rule: 'renderer-not-to-core-shell-server' },
  { from: 'renderer', to: 'server', rule: 'renderer-not-to-core-shell-server', typeOnly: true },
  { from: 'server', to: 'electron/core', rule: 'server-not-to-electron-renderer' },
  { from: 'server', to: 'electron/web-host', rule: 'server-not-to-electron-renderer' },
  { from: 'server', to: 'renderer', rule: 'server-not-to-electron-renderer' },
  { from: 'server', to: 'content-pack', rule: 'server-not-to-content-tooling' },
  { from: 'electron/shell', to: 'electron/web-host', rule: 'shell-not-to-web-host' },
  { from: 'electron/shell', to: 'renderer', rule: 'transports-not-to-renderer', typeOnly: true },
  { from: 'electron/web-host', to: 'renderer', rule: 'transports-not-to-renderer' },
  { from: 'common', to: 'electron/core', rule: 'common-not-to-app' },
  { from: 'common', to: 'renderer', rule: 'common-not-to-app', typeOnly: true },
  { from: 'common', to: 'server', rule: 'common-not-to-app' },
  { from: 'common', to: 'content-pack', rule: 'common-not-to-app' },
  { from: 'common', to: 'kiosk-config', rule: 'common-not-to-app' },
  { from: 'kiosk-config', to: 'electron/core', rule: 'kiosk-config-not-to-electron' },
];

const allowed: Edge[] = [
  { from: 'electron/core', to: 'common' },
  { from: 'electron/core', to: 'kiosk-config' },
  { from: 'electron/shell', to: 'electron/core' },
  { from: 'electron/shell', to: 'common' },
  { from: 'electron/web-host', to: 'electron/core' },
  { from: 'renderer', to: 'common', typeOnly: true },
  { from: 'server', to: 'common' },
  { from: 'content-pack', to: 'common' },
  { from: 'kiosk-config', to: 'common' },
];

const layers = [...new Set([...forbidden, ...allowed].flatMap((edge) => [edge.from, edge.to]))];

let root: string;
let result: ICruiseResult;

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

function edgeFile(edge: Edge, index: number): string {
  return `${edge.from}/edge-${index}.ts`;
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'layer-rules-'));
  for (const layer of layers) write(`${layer}/target.ts`, 'export const target = 1;\nexport type Target = number;\n');
  [...forbidden, ...allowed].forEach((edge, index) => {
    const specifier = path.posix.relative(edge.from, `${edge.to}/target`);
    const imported = specifier.startsWith('.') ? specifier : `./${specifier}`;
    write(
      edgeFile(edge, index),
      edge.typeOnly
        ? `import type { Target } from '${imported}';\nexport const value: Target = 2;\n`
        : `import { target } from '${imported}';\nexport const value = target;\n`,
    );
  });
  write('server/db/db.ts', "import { open } from './pglite';\nexport const db = () => open;\n");
  write('server/db/pglite.ts', "import { db } from './db';\nexport const open = () => db;\n");

  const { ruleSet, tsPreCompilationDeps, enhancedResolveOptions } = await extractDepcruiseOptions(
    path.resolve(__dirname, '../../../.dependency-cruiser.cjs'),
  );
  const options: ICruiseOptions = { ruleSet, tsPreCompilationDeps, enhancedResolveOptions, validate: true, baseDir: root };
  result = (await cruise(['.'], options)).output as ICruiseResult;
}, 60_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('layer rules (.dependency-cruiser.cjs)', () => {
  it('reports every import across a forbidden boundary, type-only imports included, by its rule', () => {
    const reported = result.summary.violations
      .filter((violation) => violation.type === 'dependency')
      .map((violation) => `${violation.rule.name}: ${violation.from} -> ${violation.to}`)
      .sort();
    const expected = forbidden.map((edge, index) => `${edge.rule}: ${edgeFile(edge, index)} -> ${edge.to}/target.ts`).sort();
    expect(reported).toEqual(expected);
  });

  it('reports an import cycle', () => {
    const cycles = result.summary.violations.filter((violation) => violation.rule.name === 'no-circular');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.cycle?.map((step) => step.name).sort()).toEqual(['server/db/db.ts', 'server/db/pglite.ts']);
  });

  it('lets the allowed directions through (common from everywhere, the core from both transports)', () => {
    const fromAllowed = new Set(allowed.map((edge, index) => edgeFile(edge, forbidden.length + index)));
    expect(result.summary.violations.filter((violation) => fromAllowed.has(violation.from))).toEqual([]);
    expect(result.modules.map((module) => module.source)).toEqual(expect.arrayContaining([...fromAllowed]));
  });
});
