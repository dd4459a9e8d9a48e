// Lint: typescript-eslint for all TypeScript, eslint-plugin-svelte for components, plus the house rules
// a linter can hold: the core never imports electron, the renderer never imports Node.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'drizzle/', 'coverage/', 'test/e2e/screenshots/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig },
    },
  },
  {
    files: ['src-main/core/**', 'src-main/sandbox/**', 'src-main/headless/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'core stays plain Node: electron belongs in src-main/electron/' }] }],
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'electron', 'node-fetch'], message: 'the renderer has no Node, no SQLite, no API key: go through lib/client.ts' },
            { group: ['**/core/db/*', '**/core/sync/*', '**/core/ticketscloud/client*', '**/sandbox/*', '**/headless/*'], message: 'the renderer may import only core/contract.ts, core/edits/schema.ts and type-only modules' },
          ],
        },
      ],
    },
  },
);
