// The command lines README.md's "CLI" section shows, read from the README itself, so that a command added to
// or changed in the README is run by test/cli/readme-cli.test.ts without touching the test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/daemon';

export interface DocCommand {
  /** The command as the README writes it (markdown escapes removed). */
  text: string;
  /** The whole table row: what the README says the command does and how it exits. */
  row: string;
}

export interface ScriptLine {
  text: string;
  background: boolean;
  /** What the README says the line prints (its trailing `# …` comment). */
  comment?: string;
}

export function cliSection(readme = readFileSync(join(ROOT, 'README.md'), 'utf8')): string {
  const start = readme.indexOf('\n## CLI\n');
  if (start < 0) throw new Error('README.md has no "## CLI" section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

const spans = (s: string) => [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/\\\|/g, '|'));

/** Every `kiosk …` in the first column of the section's table, each with its row. */
export function tableCommands(section: string): DocCommand[] {
  const out: DocCommand[] = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    // The first column ends at the first "|" that is not escaped as "\|".
    const first = /^\|((?:\\\||[^|])*)\|/.exec(line)?.[1] ?? '';
    for (const text of spans(first)) if (text.startsWith('kiosk ')) out.push({ text, row: line.replace(/\\\|/g, '|') });
  }
  return out;
}

/** Commands of the section's prose (before the table) that run the bin: `npx kiosk …`, `node bin/kiosk.js …`. */
export function proseCommands(section: string): string[] {
  const prose = section.slice(0, section.indexOf('\n|'));
  return spans(prose).filter((s) => /^(npx .*kiosk|node bin\/kiosk\.js)( |$)/.test(s) && !s.includes('…'));
}

/** The lines of the section's ```sh block, with `&` and trailing comments taken apart. */
export function scriptLines(section: string): ScriptLine[] {
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) return [];
  return block
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const m = /^(.*?)(?:\s+#\s*(.*))?$/.exec(l.trim())!;
      let text = m[1]!.trim();
      const background = text.endsWith('&');
      if (background) text = text.slice(0, -1).trim();
      return { text, background, ...(m[2] ? { comment: m[2] } : {}) };
    });
}

/**
 * The runnable forms of a documented command: without its [optional parts] and with them, taking each
 * `a|b` alternative in turn, so that both forms and every alternative run at least once.
 */
export function variants(text: string): string[][] {
  const hasOptional = /\[[^\]]*\]/.test(text);
  const words = (s: string) => s.split(/\s+/).filter(Boolean);
  const withOpt = words(text.replace(/\[([^\]]*)\]/g, '$1'));
  const withoutOpt = words(text.replace(/\s*\[[^\]]*\]/g, ''));
  const alternatives = Math.max(1, ...withOpt.map((w) => w.split('|').length));
  const count = Math.max(hasOptional ? 2 : 1, alternatives);
  return Array.from({ length: count }, (_, i) => {
    const base = hasOptional && i % 2 === 0 ? withoutOpt : withOpt;
    return base.map((w) => {
      const alts = w.split('|');
      return alts[i % alts.length]!;
    });
  });
}

/** The command's name: its words up to the first option or placeholder, e.g. "kiosk payments settle". */
export function commandName(words: readonly string[]): string {
  const name: string[] = [];
  for (const w of words) {
    if (w.startsWith('-') || /^[A-Z]/.test(w)) break;
    name.push(w);
  }
  return name.join(' ');
}

/** Placeholders the README uses for values the reader supplies. */
export const PLACEHOLDERS = ['F', 'N', 'DIR', 'FILE', 'K', 'ID', 'TOKEN', 'TIME', 'PATH', 'P', 'URL', 'NAME', 'TEXT', 'DAY', 'CODE', 'PORT'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
const PLACEHOLDER_RE = new RegExp(`\\b(${PLACEHOLDERS.join('|')})\\b`, 'g');

/**
 * Replaces each placeholder in the words by `value(name, option)`, where option is the flag it follows
 * ("--db") or null for a positional. Throws on an upper-case word that is no known placeholder: the README
 * grew a new one and the test must be told what to put there.
 */
export function fill(words: readonly string[], value: (name: Placeholder, option: string | null) => string): string[] {
  return words.map((w, i) => {
    const prev = words[i - 1];
    const option = prev?.startsWith('-') && !w.startsWith('-') ? prev : null;
    const filled = w.replace(PLACEHOLDER_RE, (p) => value(p as Placeholder, option));
    // Judge the README's word, not the value put in its place: a generated value such as the payment id
    // "PDKRZMCEYB" (Crockford base32, all letters about once in 30) is no placeholder.
    const unknown = filled === w && /^[A-Z]{2,}$/.test(w);
    if (unknown && !LITERALS.has(w))
      throw new Error(`README placeholder ${filled} in "${words.join(' ')}" is not one the test knows: add it to PLACEHOLDERS and give it a value`);
    return filled;
  });
}

/** Upper-case words the README means literally. */
const LITERALS = new Set(['EUR']);
