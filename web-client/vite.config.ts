import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The service worker caches the app shell: every file of the build, listed at build time, under a cache named
 * for that list, so a new build is a new cache and the old one is dropped when the new worker takes over.
 */
function shellList(): Plugin {
  return {
    name: 'chatpro-shell-list',
    enforce: 'post',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = [...Object.keys(bundle), ...publicFiles('public')]
        .filter((name) => name !== 'sw.js' && !name.endsWith('.map') && name !== 'files.txt')
        .sort();
      // Named for the contents, not just the names: a changed page, manifest or icon is a new shell too.
      const hash = createHash('sha256');
      for (const name of files) {
        const item = bundle[name];
        hash.update(name);
        if (item) hash.update(item.type === 'chunk' ? item.code : item.source);
        else hash.update(readFileSync(join('public', name)));
      }
      const version = hash.digest('hex').slice(0, 12);
      const sw = bundle['sw.js'];
      if (sw && sw.type === 'chunk') {
        sw.code = sw.code
          .replace(/(["'`])__CHATPRO_SHELL__\1/, JSON.stringify(['/', ...files.filter((f) => f !== 'index.html').map((f) => '/' + f)]))
          .replace('__CHATPRO_VERSION__', version);
      }
      // The gateway reads this list to serve the build from its classpath.
      this.emitFile({ type: 'asset', fileName: 'files.txt', source: [...files, 'sw.js'].join('\n') + '\n' });
    },
  };
}

/** Files copied from public/ as they are (icons, the manifest): part of the shell too. */
function publicFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

export default defineConfig({
  plugins: [preact(), shellList()],
  build: {
    outDir: 'target/classes/webroot',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rollupOptions: {
      input: { index: 'index.html', sw: 'src/sw/sw.ts' },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
  },
});
