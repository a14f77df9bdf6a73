// The Electron shell's build config (electron-builder.yml, issue 20 item 2). The Electron binary cannot be
// downloaded on the build machines, so electron-builder never runs here: this checks that what it would pack is
// the shell's own small app folder, with no dependency of the daemon's and nothing rebuilt for Electron.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT } from '../support/daemon';
import { shellPackageJson } from '../../scripts/electron-app.js';

interface BuilderConfig {
  directories: { app?: string; output: string };
  files: string[];
  electronVersion?: string;
  npmRebuild?: boolean;
  nodeGypRebuild?: boolean;
  buildDependenciesFromSource?: boolean;
  afterPack: string;
  extraMetadata?: Record<string, unknown>;
}
const builder = parseYaml(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const project = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.electron.json'), 'utf8')) as { compilerOptions: { outDir: string } };

describe('electron-builder.yml', () => {
  it('packs the compiled shell folder as its own app, not the project with its node_modules', () => {
    expect(builder.directories.app).toBe(tsconfig.compilerOptions.outDir);
    expect(builder.extraMetadata).toBeUndefined();
    expect(builder.files).toEqual(['**/*', '!packaging/**']);
    expect(project.scripts['build:electron']).toContain('node scripts/electron-app.js');
  });

  it('rebuilds nothing for Electron and names the Electron of the project', () => {
    expect(builder.npmRebuild).toBe(false);
    expect(builder.nodeGypRebuild).toBe(false);
    expect(builder.buildDependenciesFromSource).toBe(false);
    expect(builder.electronVersion).toBe(project.devDependencies.electron);
  });

  it("gives the app a package.json with no dependencies, its own name and the project's version", () => {
    const app: Record<string, unknown> = shellPackageJson();
    expect(Object.keys(app).filter((k) => /dependencies/i.test(k))).toEqual([]);
    expect(app.name).not.toBe(project.name); // its .deb must not replace the daemon's consulate-kiosk
    expect(app.version).toBe(project.version);
    expect(app.main).toBe('main.js');
  });

  it('ships code that needs nothing but Electron and Node itself', () => {
    const dir = join(ROOT, 'electron');
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources).toContain('main.ts');
    const builtins = new Set(builtinModules);
    for (const file of sources) {
      const text = readFileSync(join(dir, file), 'utf8');
      const specifiers = [...text.matchAll(/(?:from|require\()\s*'([^']+)'/g)].map((m) => m[1] ?? '');
      const foreign = specifiers.filter((s) => !s.startsWith('.') && s !== 'electron' && !builtins.has(s.replace(/^node:/, '')));
      expect(foreign, file).toEqual([]);
    }
  });
});
