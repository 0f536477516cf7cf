// One build for the Electron app: main (main/shells/electron/index.ts), the sandboxed preload (one
// CommonJS file: sandboxed preloads cannot load ES modules or node_modules) and the renderer.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const here = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(here, 'out/main'),
      rolldownOptions: {
        input: { index: resolve(here, 'main/shells/electron/index.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(here, 'out/preload'),
      // bundle everything it imports (the contract's method list): a sandboxed preload has no require()
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(here, 'preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(here, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(here, 'out/renderer'),
      target: 'chrome140',
      // electron-vite leaves the renderer unminified; minified it loads as fast as the browser shell's
      minify: true,
      chunkSizeWarningLimit: 2000,
      rolldownOptions: {
        input: { index: resolve(here, 'renderer/index.html') },
      },
    },
  },
});
