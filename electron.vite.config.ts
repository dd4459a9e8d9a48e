// electron-vite builds the three parts of the desktop app into out/: main (ESM, Node), preload
// (CommonJS: a sandboxed preload cannot be an ES module) and the Svelte renderer. The same renderer
// build is what browser mode (`npm run web`) serves over the HTTP bridge.
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      lib: { entry: { main: resolve(root, 'src-main/electron/main.ts') }, formats: ['es'] },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      lib: { entry: { preload: resolve(root, 'src-main/electron/preload.ts') }, formats: ['cjs'] },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    base: './',
    plugins: [svelte({ configFile: resolve(root, 'svelte.config.js') })],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
