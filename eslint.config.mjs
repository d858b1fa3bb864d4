// ESLint for the whole repository (`npm run lint`, part of `npm test`). Syntax-level rules only, so it
// stays fast: types are checked by the per-layer tsconfigs (`npm run typecheck`), layers by
// dependency-cruiser (`npm run lint:layers`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The Node globals the plain .cjs/.mjs scripts and tool configs use.
const nodeScriptGlobals = {
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
  __dirname: 'readonly',
  __filename: 'readonly',
  process: 'readonly',
  console: 'readonly',
};

export default tseslint.config(
  { ignores: ['.cache/', 'node_modules/', 'dist/', 'dist-electron/', 'dist-node/', 'release/', 'coverage/', '.data/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // A disable comment must name a rule that still fires there (and says why after `--`).
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `const { secret: _secret, ...rest } = row` is how a field is dropped on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Test doubles stand in for Electron and Fastify objects only as far as a test needs them, and some
    // tests load CommonJS internals (electron-builder's schema check) with require().
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: nodeScriptGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
