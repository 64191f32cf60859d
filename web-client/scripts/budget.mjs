// Fails the build when the JavaScript the first screen loads grows past its budget (gzipped).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET_KB = 150;
const root = 'target/classes/webroot';
const html = readFileSync(join(root, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
for (const src of new Set(scripts)) {
  const size = gzipSync(readFileSync(join(root, src))).length;
  total += size;
  console.log(`first screen: ${src} ${(size / 1024).toFixed(1)} KB gzipped`);
}
console.log(`first screen JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`);
if (!scripts.length) {
  console.error('no script found in index.html');
  process.exit(1);
}
if (total > BUDGET_KB * 1024) {
  console.error(`over budget by ${((total - BUDGET_KB * 1024) / 1024).toFixed(1)} KB`);
  process.exit(1);
}
