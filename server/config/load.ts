import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type YAMLModule from 'yaml';
import type { z } from 'zod';
import { KioskConfig, ServiceConfig } from './schema';
import { languagesWithFile } from '../i18n/catalogues';
import { cachedParse, saveParse } from './parse-cache';

export const DEFAULT_CONFIG_FILE = fileURLToPath(new URL('../../fixtures/config/paris.json', import.meta.url));
const SERVICES_FILE = fileURLToPath(new URL('../../fixtures/services.json', import.meta.url));

// The YAML parser is loaded for YAML files only: checking or starting with a JSON config does not pay for it
// (issue 14, start-up). Synchronously, so loading a config stays a plain function call.
const require = createRequire(import.meta.url);
const parseYaml = (text: string): unknown => (require('yaml') as typeof YAMLModule).parse(text);

// A config is parsed once per process: zod's compiled fast path for objects (new Function per object schema)
// costs more to build than it saves on one parse (30–40 ms of `kiosk config check`, issue 14). Given per parse:
// zod reads its global `jitless` when a schema is built, at import, before any command could set it.
const PARSE = { reportInput: true, jitless: true } as const;

export interface FieldError {
  field: string;
  problem: string;
}

export type ConfigResult = { ok: true; config: KioskConfig; file: string } | { ok: false; file: string; errors: FieldError[] };

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const s = JSON.stringify(value);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** zod's messages start with its own words ("Invalid input: expected number, received string"): keep the expectation. */
function expectation(message: string): string {
  return message
    .replace(/^(Invalid input|Too small|Too big|Invalid option): expected /, '')
    .replace(/^one of /, 'one of ')
    .replace(/, received \w+$/, '')
    .replace(/^(number|string|array) to be /, '$1 ');
}

function fieldErrors(error: z.ZodError): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ field: issue.path.length ? `${base}.${key}` : key, problem: 'unknown key: remove it or check its spelling' });
      }
      continue;
    }
    const input = (issue as { input?: unknown }).input;
    const got = issue.code === 'invalid_type' && input === undefined ? 'it is missing' : `got ${describe(input)}`;
    out.push({ field: base, problem: `expected ${expectation(issue.message)}; ${got}` });
  }
  return out;
}

/** Parses config text (JSON or YAML) into a validated config. Services default to fixtures/services.json. */
export function parseConfig(text: string, file: string): ConfigResult {
  let services: string | undefined;
  const servicesText = () => (services ??= readFileSync(SERVICES_FILE, 'utf8'));
  const kept = cachedParse(file, text, servicesText) as KioskConfig | undefined;
  const validated = kept !== undefined ? { ok: true as const, data: kept } : validate(text, file, servicesText);
  return validated.ok ? checked(validated.data, file) : validated;
}

/** The config's text parsed and validated by its schema (built here, on the first parse), kept when it passes. */
function validate(text: string, file: string, servicesText: () => string): { ok: true; data: KioskConfig } | Extract<ConfigResult, { ok: false }> {
  let raw: unknown;
  try {
    raw = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    return {
      ok: false,
      file,
      errors: [{ field: '(file)', problem: `not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}` }],
    };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, file, errors: [{ field: '(file)', problem: 'expected an object of settings at the top level' }] };
  }
  const obj = withoutComments(raw) as Record<string, unknown>;
  const named = obj.services !== undefined;
  if (!named) obj.services = defaultServices(servicesText());
  const parsed = KioskConfig.safeParse(obj, PARSE);
  if (!parsed.success) return { ok: false, file, errors: fieldErrors(parsed.error) };
  saveParse({ file, text, services: named ? null : servicesText() }, parsed.data);
  return { ok: true, data: parsed.data };
}

/** What the schema cannot see: codes given twice, catalogues and the emblem on disk (checked at every load). */
function checked(data: KioskConfig, file: string): ConfigResult {
  const dupes = duplicateServiceCodes(data);
  if (dupes.length)
    return { ok: false, file, errors: dupes.map((c) => ({ field: 'services', problem: `service code "${c}" appears twice; codes must be unique` })) };
  const unknown = languagesWithoutCatalogue(data.languages);
  if (unknown.length) return { ok: false, file, errors: unknown };
  const emblem = emblemFile(data.consulate.emblem, file);
  if (emblem && !emblem.ok) return { ok: false, file, errors: [{ field: 'consulate.emblem', problem: emblem.detail }] };
  const config = emblem ? { ...data, consulate: { ...data.consulate, emblem: emblem.path } } : data;
  return { ok: true, config, file };
}

/** The largest emblem the kiosk sends its page (inlined in /api/kiosk): a header picture, not a photograph. */
export const MAX_EMBLEM_BYTES = 256 * 1024;

/** The emblem's file, relative to the config file: it must be there and small, or the header would show nothing. */
function emblemFile(
  emblem: string | undefined,
  file: string,
): { ok: true; path: string } | { ok: false; reason: 'missing' | 'not-a-file' | 'too-large'; detail: string } | null {
  if (emblem === undefined) return null;
  const path = resolve(dirname(file), emblem);
  try {
    const st = statSync(path);
    if (!st.isFile()) return { ok: false, reason: 'not-a-file', detail: `${path} is not a file` };
    if (st.size > MAX_EMBLEM_BYTES)
      return { ok: false, reason: 'too-large', detail: `${path} is ${st.size} bytes; an emblem must be at most ${MAX_EMBLEM_BYTES}` };
  } catch {
    return { ok: false, reason: 'missing', detail: `no such file: ${path}` };
  }
  return { ok: true, path };
}

/**
 * A kiosk offers the languages its config names (issue 19 items 8 and 10): each needs a visitor catalogue,
 * i18n/<lang>/visitor.json, and a ticket catalogue, i18n/<lang>/ticket.json, or its visitors would read (or get
 * printed) another language's words. Adding a language is adding the files.
 */
export function languagesWithoutCatalogue(languages: readonly string[], dir?: string): FieldError[] {
  const visitor = languagesWithFile('visitor', dir);
  const ticket = languagesWithFile('ticket', dir);
  const available = visitor.filter((l) => ticket.includes(l));
  return languages
    .map((lang, i) => ({ lang, i }))
    .filter(({ lang }) => !available.includes(lang))
    .map(({ lang, i }) => {
      const missing = visitor.includes(lang) ? 'ticket' : 'visitor';
      return {
        field: `languages.${i}`,
        problem: `no ${missing} catalogue for "${lang}" (i18n/${lang}/${missing}.json); the kiosk can speak ${available.join(', ')}`,
      };
    });
}

export function loadConfig(file = DEFAULT_CONFIG_FILE): ConfigResult {
  const abs = resolve(file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      file: abs,
      errors: [{ field: '(file)', problem: code === 'ENOENT' ? 'no such file: check the path given to --config' : `cannot read it (${code ?? String(err)})` }],
    };
  }
  return parseConfig(text, abs);
}

export function formatConfigErrors(result: Extract<ConfigResult, { ok: false }>): string {
  return [
    `Config ${result.file} is invalid (${result.errors.length} problem${result.errors.length > 1 ? 's' : ''}):`,
    ...result.errors.map((e) => `  - ${e.field}: ${e.problem}`),
  ].join('\n');
}

/** "$comment" keys document a config file anywhere in it; they are not settings. */
function withoutComments(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutComments);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => k !== '$comment')
      .map(([k, x]) => [k, withoutComments(x)]),
  );
}

function defaultServices(text: string): unknown {
  const data = JSON.parse(text) as { services: unknown[] };
  return data.services.map((s) => ServiceConfig.parse(s, PARSE));
}

function duplicateServiceCodes(cfg: KioskConfig): string[] {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const s of cfg.services) (seen.has(s.code) ? dupes : seen).add(s.code);
  return [...dupes];
}
