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
  },
  server: {
    proxy: {
      '/api': process.env.CAIRN_DEV_API ?? 'http://localhost:7420',
      '/healthz': process.env.CAIRN_DEV_API ?? 'http://localhost:7420',
      '/readyz': process.env.CAIRN_DEV_API ?? 'http://localhost:7420',
    },
  },
});
