// ESLint rule: no import cycles among the given top-level folders (issue 13). A cycle hides which module is
// built first and lets a feature reach back into the composition root. Type-only imports count too: they
// are the same wrong arrow in the design, even when erased at run time.
//
// The graph of the other files is read from disk with TypeScript's import scanner (ts.preProcessFile: no
// type checking, a few milliseconds per file) and kept for a few seconds, so one lint run reads each file
// once; the linted file's own imports come from the text being linted (an editor buffer, a probe).
import ts from 'typescript';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const DEFAULT_FOLDERS = ['server', 'store', 'domain', 'state', 'shared', 'drivers'];
const GRAPH_LIFETIME_MS = 5000;
const graphs = new Map();

function walk(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
}

/** Relative specifiers only: a package can never import our files back. */
function resolveImport(from, spec, files) {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const c of [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (files.has(c)) return c;
  return null;
}

function importsOf(text) {
  return ts.preProcessFile(text, true, true).importedFiles;
}

function graphFor(root, folders) {
  const key = `${root}\0${folders.join(',')}`;
  const cached = graphs.get(key);
  if (cached && Date.now() - cached.at < GRAPH_LIFETIME_MS) return cached;
  const list = [];
  for (const f of folders) if (existsSync(join(root, f))) walk(join(root, f), list);
  const files = new Set(list);
  const edges = new Map();
  for (const f of list) {
    const targets = importsOf(readFileSync(f, 'utf8'))
      .map((i) => resolveImport(f, i.fileName, files))
      .filter(Boolean);
    edges.set(f, [...new Set(targets)]);
  }
  const g = { at: Date.now(), files, edges };
  graphs.set(key, g);
  return g;
}

/** The shortest import path from `start` back to `goal`, or null. */
function pathBack(start, goal, edgesOf) {
  const parent = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const n = queue.shift();
    if (n === goal) {
      const path = [];
      for (let x = n; x !== null; x = parent.get(x)) path.unshift(x);
      return path;
    }
    for (const m of edgesOf(n))
      if (!parent.has(m)) {
        parent.set(m, n);
        queue.push(m);
      }
  }
  return null;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles among the given folders (type-only imports included).' },
    schema: [{ type: 'object', properties: { folders: { type: 'array', items: { type: 'string' } } }, additionalProperties: false }],
    messages: {
      cycle: 'import cycle: {{cycle}}. Break it: move what both sides need into a module both import, or pass it in as a dependency (see server/daemon.ts).',
    },
  },
  create(context) {
    const root = context.cwd;
    const folders = context.options[0]?.folders ?? DEFAULT_FOLDERS;
    const file = resolve(context.filename);
    const rel = (p) => relative(root, p);
    if (!folders.some((f) => !rel(file).startsWith('..') && rel(file).split(/[\\/]/)[0] === f)) return {};
    return {
      Program() {
        const g = graphFor(root, folders);
        const own = [];
        const seen = new Set();
        for (const i of importsOf(context.sourceCode.text)) {
          const target = resolveImport(file, i.fileName, g.files);
          if (target && !seen.has(target)) {
            seen.add(target);
            own.push({ i, target });
          }
        }
        const edgesOf = (n) => (n === file ? own.map((o) => o.target) : (g.edges.get(n) ?? []));
        for (const { i, target } of own) {
          const back = pathBack(target, file, edgesOf);
          if (!back) continue;
          context.report({
            loc: { start: context.sourceCode.getLocFromIndex(i.pos), end: context.sourceCode.getLocFromIndex(i.end) },
            messageId: 'cycle',
            data: { cycle: [file, ...back].map(rel).join(' → ') },
          });
        }
      },
    };
  },
};
