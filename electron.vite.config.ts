// Build of the three Electron targets: main (+ the plain-Node CLI), the sandboxed preload, and the React renderer.

import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      // Dependencies (onnxruntime-node, wavefile, …) stay external and load from node_modules at run time;
      // native addons cannot be bundled. This is electron-vite's default, spelled out so nobody turns it off.
      externalizeDeps: true,
      // cli.js runs on plain Node 20, not only inside Electron's newer Node, so nothing newer may be emitted.
      target: 'node20.19',
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: {
          index: resolve(root, 'main/app/index.ts'),
          // The CLI must never pull in electron: tests/layering.test.ts keeps main/cli away from main/app.
          cli: resolve(root, 'main/cli/tandem.ts'),
          // The live engine runs in an Electron utilityProcess, off the UI-critical main thread.
          engineProcess: resolve(root, 'main/app/engineProcess.ts'),
          // Speech recognition decodes in a worker thread (onnxruntime-node runs inference on its caller's thread).
          asrWorker: resolve(root, 'main/models/asr/recognizerWorker.ts'),
          // The background model's provider runs in a worker thread of the engine (main/background/workerChatProvider.ts).
          backgroundWorker: resolve(root, 'main/background/backgroundWorker.ts'),
          // Screen code is read (OCR, TypeScript compiler, ruff) in a worker thread of the engine (main/perception/code/codeWatcher.ts).
          codeWatchWorker: resolve(root, 'main/perception/code/codeWatchWorker.ts'),
        },
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only `electron` and a few shims, not node_modules or sibling
      // chunks, and cannot be an ES module: bundle everything (zod included) into one CommonJS file.
      externalizeDeps: false,
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          codeSplitting: false,
        },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
