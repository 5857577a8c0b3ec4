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
    // The entry carries antd's core and both locales' UI strings (zh-CN and en), about 0.93 MB.
    chunkSizeWarningLimit: 1000,
    // The parents' page (public.html, served at /p/<code>) is a second entry that shares only React with the console.
    rollupOptions: {
      input: { main: resolvePath('./index.html'), public: resolvePath('./public.html') },
    },
  },
});
