import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The four pages are built into dist/renderer and served by the daemon; no dev server is needed at run time.
export default defineConfig({
  root: r('./renderer'),
  base: '/',
  publicDir: false,
  build: {
    outDir: r('./dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        index: r('./renderer/index.html'),
        counter: r('./renderer/counter.html'),
        board: r('./renderer/board.html'),
        diagnostics: r('./renderer/diagnostics.html'),
        reports: r('./renderer/reports.html'),
        supervisor: r('./renderer/supervisor.html'),
      },
    },
  },
});
