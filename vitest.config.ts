// Two projects: `node` for the core, sandbox, bridge and the end-to-end suite (plain Node, real SQLite,
// real HTTP), `dom` for Svelte component tests in jsdom.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [svelte({ configFile: false }), svelteTesting()],
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['test/dom/**/*.svelte.test.ts', 'src-renderer/**/*.svelte.test.ts'],
        },
      },
    ],
  },
});
