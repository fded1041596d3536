import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web UI builds into `web/dist`, which the Cairn server serves at `/` with an SPA fallback.
 * Pages are split per route through the router's `lazy` routes (see `src/router.tsx`).
 * `npx vite --config web/vite.config.ts` serves it in development, proxying the API to a local
 * `cairn up` (override with CAIRN_DEV_API).
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // The ELK layout engine is one ~1.5 MB file compiled from Java; it is loaded only by the views
    // that draw the service graph (see components/lazy-service-graph.tsx), never on first load.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      '/api': process.env.CAIRN_DEV_API ?? 'http://localhost:7420',
      '/healthz': process.env.CAIRN_DEV_API ?? 'http://localhost:7420',
      '/readyz': process.env.CAIRN_DEV_API ?? 'http://localhost:7420',
    },
  },
});
