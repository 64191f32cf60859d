// Installs the exact versions of package-lock.json with `npm ci`, but only when node_modules was not already
// installed from this very lock file (its hash is kept in node_modules after a successful install).
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`ChatPro's web client needs Node.js 20.19 or newer; this is ${process.versions.node}.`);
  process.exit(1);
}

const marker = 'node_modules/.chatpro-lock-sha256';
const wanted = createHash('sha256').update(readFileSync('package-lock.json')).digest('hex');
if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === wanted) {
  console.log('web client dependencies are installed');
} else {
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
  writeFileSync(marker, wanted + '\n');
}
