#!/usr/bin/env node
// The kiosk shell's own app folder (dist/electron, `npm run build:electron`): electron-builder packs the folder
// its config names (electron-builder.yml, directories.app) with that folder's package.json. This one lists no
// dependency, so the shell's .deb/AppImage carries main.js and preload.js only, and nothing is rebuilt for
// Electron's ABI: the daemon's 190 packages and native add-ons stay the daemon's (issue 20).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The shell's package.json, from the project's: its own name (its .deb must not replace the daemon's), same version. */
export function shellPackageJson(project = JSON.parse(readFileSync(ROOT + 'package.json', 'utf8'))) {
  return {
    name: 'consulate-kiosk-shell',
    version: project.version,
    description: 'Kiosk window (Electron) for the consulate counter kiosk daemon',
    author: 'Consulate kiosk team <kiosk@consulat.invalid>',
    private: true,
    main: 'main.js',
    // tsc compiles electron/ to CommonJS (tsconfig.electron.json).
    type: 'commonjs',
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(ROOT + 'dist/electron/package.json', JSON.stringify(shellPackageJson(), null, 2) + '\n');
}
