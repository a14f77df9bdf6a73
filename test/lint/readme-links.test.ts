// The README is read on a clean clone (a USB stick, a code review): every link in it must lead to a file of
// this repository. A link climbing out of it (the design notes live outside) is broken for every reader.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from '../support/daemon';

/** Links of a markdown text that are not web addresses or anchors, with their line. */
function localLinks(markdown: string): Array<{ line: number; target: string }> {
  const found: Array<{ line: number; target: string }> = [];
  markdown.split('\n').forEach((text, i) => {
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
      found.push({ line: i + 1, target: target.replace(/#.*$/, '') });
    }
  });
  return found;
}

/** What is wrong with each local link of `file`: leaves the repository, or names no file. */
function brokenLinks(file: string, root = ROOT): string[] {
  const text = readFileSync(file, 'utf8');
  return localLinks(text).flatMap(({ line, target }) => {
    const abs = resolve(dirname(file), target);
    const rel = relative(root, abs);
    if (rel.startsWith('..')) return [`line ${line}: ${target} points outside the repository`];
    if (!existsSync(abs)) return [`line ${line}: ${target} does not exist`];
    return [];
  });
}

describe('README links', () => {
  it('finds a link out of the repository and a missing file (probe)', () => {
    const probe = ['see [the design](../shared/DESIGN.md)', 'and [x](docs/none.md), [ok](README.md), [web](https://example.org)'].join('\n');
    const links = localLinks(probe);
    expect(links.map((l) => l.target)).toEqual(['../shared/DESIGN.md', 'docs/none.md', 'README.md']);
    const problems = links.flatMap(({ line, target }) => {
      const rel = relative(ROOT, resolve(ROOT, target));
      if (rel.startsWith('..')) return [`line ${line}: outside`];
      return existsSync(join(ROOT, target)) ? [] : [`line ${line}: missing`];
    });
    expect(problems).toEqual(['line 1: outside', 'line 2: missing']);
  });

  it('every link of the README and of the folder notes stays inside the repository and names a file', () => {
    const files = ['README.md', 'domain/queue/README.md', 'fixtures/keys/README.md'].map((f) => join(ROOT, f)).filter((f) => existsSync(f));
    expect(files.flatMap((f) => brokenLinks(f).map((p) => `${relative(ROOT, f)} ${p}`))).toEqual([]);
  });
});
