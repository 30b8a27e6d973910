import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Builds the renderer bundle that both the Electron window and the browser host load.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome130',
  },
});
