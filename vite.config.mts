import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Two pages from one design system: the kiosk (index.html, served from a custom protocol in Electron
// and from the web host in a browser) and the central server's dashboard (dashboard.html, served
// under /dashboard/). Relative asset paths work under all three.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // recharts makes the dashboard bundle large; it loads once on a desk PC, never on the kiosk.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      input: {
        kiosk: resolve(import.meta.dirname, 'renderer/index.html'),
        dashboard: resolve(import.meta.dirname, 'renderer/dashboard.html'),
        // The trainer's lesson preview (npm run content -- preview): the kiosk's player in a frame.
        preview: resolve(import.meta.dirname, 'renderer/preview.html'),
        'preview-frame': resolve(import.meta.dirname, 'renderer/preview-frame.html'),
      },
    },
  },
});
