import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const resolvePath = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** In development, /p and /p/<canteen code> open the public page as the API's fallback does in production. */
const publicPageRoutes: Plugin = {
  name: 'public-page-routes',
  configureServer(server) {
    server.middlewares.use((request, _response, next) => {
      if (request.url && /^\/p(\/[^.]*)?(\?.*)?$/.test(request.url)) request.url = '/public.html';
      next();
    });
  },
};

/**
 * Writes .br and .gz beside every built script and stylesheet; the API serves them (fastify-static
 * preCompressed) to browsers that accept them. Uncompressed, the public page's React alone is 220 KB
 * on a phone network.
 */
const precompress: Plugin = {
  name: 'precompress-assets',
  apply: 'build',
  // writeBundle sees the chunks as written (Vite rewrites preload lists after generateBundle).
  writeBundle(options, bundle) {
    for (const file of Object.values(bundle)) {
      if (!/\.(js|css|svg)$/.test(file.fileName)) continue;
      const data = Buffer.from(file.type === 'chunk' ? file.code : file.source);
      const target = path.join(options.dir!, file.fileName);
      writeFileSync(`${target}.gz`, gzipSync(data, { level: 9 }));
      writeFileSync(
        `${target}.br`,
        brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      );
    }
  },
};

/**
 * Vendor chunks, which change only when a dependency does: a deploy of our own code then costs a
 * returning tablet the app's chunks, not the libraries. React is shared with the parents' page (with
 * Vite's module-preload polyfill, which both entries run first). The console's own chunk holds the
 * libraries its entry uses whole; antd's components stay where Rollup puts them, since a pattern over
 * antd's barrel pulls every component any page uses into the entry (1.7 MB; measured).
 */
const REACT = /\/node_modules\/(react|react-dom|scheduler)\/|^\0vite\/modulepreload-polyfill/;
const CONSOLE_VENDOR = new RegExp(
  `/node_modules/(${[
    'react-router',
    '@tanstack/[^/]+',
    'i18next',
    'react-i18next',
    'zod',
    'antd/es/(config-provider|theme|locale|version)',
    '@ant-design/(cssinjs|cssinjs-utils|colors|fast-color)',
    '@babel/runtime',
    'stylis',
    '@emotion/[^/]+',
  ].join('|')})/`,
);

function vendorChunk(id: string): string | undefined {
  if (REACT.test(id)) return 'react';
  if (CONSOLE_VENDOR.test(id)) return 'vendor';
  return undefined;
}

export default defineConfig({
  plugins: [react(), publicPageRoutes, precompress],
  resolve: {
    alias: {
      '@canteen/shared': resolvePath('../../packages/shared/src/index.ts'),
      '@': resolvePath('./src'),
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  preview: { port: 4173 },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // ECharts (0.62 MB) is one chunk, loaded when a chart first renders (components/chart/echart.tsx).
    chunkSizeWarningLimit: 700,
    // The parents' page (public.html, served at /p/<code>) is a second entry that shares only React
    // with the console, and the Zod-free shared rules it checks its form with (under 1 KB gzipped).
    rollupOptions: {
      input: { main: resolvePath('./index.html'), public: resolvePath('./public.html') },
      output: {
        manualChunks: vendorChunk,
        // Natural splitting leaves a hundred chunks under 5 KB (single icons, fetchers shared by two
        // pages). Over HTTP/1.1 on a slow link each costs a round trip on one of six connections:
        // merging them cut a cold home page from 80 requests to 50 and from 13.6 s to 10.9 s.
        experimentalMinChunkSize: 5_000,
      },
      // The shared contracts run nothing at module level, so a schema module nobody imports can go:
      // the login page no longer carries every API's schemas (shared code 115 KB -> 25 KB rendered).
      treeshake: { moduleSideEffects: (id) => !id.includes('/packages/shared/src/') },
    },
  },
});
