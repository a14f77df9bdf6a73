import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildStaleness } from '../../scripts/build-stamp.cjs';

// The daemon serves the built pages; build them once when a bare `vitest` run finds none. Tests that spawn
// bin/kiosk.js run the compiled daemon (what ships): rebuild it when a source is newer, or bin/kiosk.js
// would fall back to tsx with a notice on stderr.
export default function setup(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  if (!existsSync(`${root}dist/renderer/index.html`)) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (buildStaleness(new URL('../../', import.meta.url)) !== null) execFileSync(process.execPath, ['scripts/build-server.js'], { cwd: root, stdio: 'inherit' });
}
