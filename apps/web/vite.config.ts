import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const resolvePath = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  plugins: [react()],
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
  },
});
