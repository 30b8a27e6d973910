import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { parse } from '@formatjs/icu-messageformat-parser';
import { fileURLToPath } from 'node:url';

/**
 * Ships each message catalog (renderer/src/i18n/<locale>.json) as parsed ICU ASTs: no message is
 * parsed in the user's session, and the bundle carries react-intl without its parser (aliased
 * below). A malformed message fails the build here rather than a screen later.
 */
function precompiledCatalogs(): Plugin {
  return {
    name: 'tributary:precompiled-catalogs',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/renderer\/src\/i18n\/[a-z]{2}\.json$/.test(id)) return null;
      const catalog = JSON.parse(code) as Record<string, string>;
      const compiled = Object.fromEntries(Object.entries(catalog).map(([key, message]) => [key, parse(message)]));
      // Still JSON: Vite's own JSON plugin turns it into a module next.
      return { code: JSON.stringify(compiled), map: null };
    },
  };
}

// Builds the renderer bundle that both the Electron window and the browser host load.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [precompiledCatalogs(), react()],
  resolve: {
    alias: [
      {
        // micromark decodes `&name;` with this package; its browser build asks the DOM (innerHTML on a
        // detached element). The table build decodes exactly as the server does, with no DOM at all.
        find: 'decode-named-character-reference',
        replacement: fileURLToPath(new URL('node_modules/decode-named-character-reference/index.js', import.meta.url)),
      },
      {
        // Catalogs arrive pre-parsed (precompiledCatalogs), so the runtime needs no ICU parser.
        find: /^@formatjs\/icu-messageformat-parser$/,
        replacement: fileURLToPath(
          new URL('node_modules/@formatjs/icu-messageformat-parser/lib/no-parser.js', import.meta.url),
        ),
      },
    ],
  },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome130',
  },
});
