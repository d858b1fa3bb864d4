import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is served from a custom protocol in Electron and from the web host in a browser:
// relative asset paths work under both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true },
});
