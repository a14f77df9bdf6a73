import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { languagesWithoutCatalogue, loadConfig, MAX_EMBLEM_BYTES, parseConfig, formatConfigErrors } from './load';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/config/${name}`, import.meta.url));

describe('config', () => {
  it('loads the Paris sample with simulated devices and the services of fixtures/', () => {
    const r = loadConfig();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.consulate).toMatchObject({ code: 'FR-PAR', timeZone: 'Europe/Paris', currency: 'EUR' });
    expect(r.config.devices.terminal.port).toBe('sim');
    expect(r.config.devices.printer.transport).toBe('sim');
    expect(r.config.services.find((s) => s.code === 'passport')?.feeMad).toBe(860);
    expect(r.config.server).toEqual({ host: '127.0.0.1', port: 8080, lan: false, allowedHosts: [] });
  });

  it('names every bad field of the broken sample with what was expected', () => {
    const r = loadConfig(fixture('broken.yaml'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byField = Object.fromEntries(r.errors.map((e) => [e.field, e.problem]));
    expect(byField['colour']).toMatch(/unknown key/);
    expect(byField['consulate.timeZone']).toMatch(/IANA time zone.*"Europe\/Pariss"/);
    expect(byField['server.port']).toMatch(/expected number; got "8080"/);
    expect(byField['devices.terminal.protocol']).toMatch(/"concert"\|"zvt".*"ingenico"/);
    expect(byField['devices.printer.transport']).toMatch(/tcp:\/\/host:9100.*"tpc:/);
    expect(byField['consulate.chanceryRate']).toMatch(/>0; got -1/);
    expect(formatConfigErrors(r).split('\n')[0]).toMatch(/broken\.yaml is invalid \(9 problems\)/);
  });

  it('reports a missing required section, bad syntax and a missing file in one line each', () => {
    const missing = parseConfig('{}', 'x.json');
    expect(!missing.ok && missing.errors).toEqual([{ field: 'consulate', problem: expect.stringMatching(/it is missing/) }]);
    const syntax = parseConfig('consulate: [unclosed', 'x.yaml');
    expect(!syntax.ok && syntax.errors[0]?.problem).toMatch(/not valid YAML/);
    const nofile = loadConfig('/nonexistent/kiosk.yaml');
    expect(!nofile.ok && nofile.errors[0]?.problem).toMatch(/no such file/);
  });

  it('accepts YAML as well as JSON, and refuses duplicate service codes', () => {
    const yaml =
      'consulate: { code: US-NYC, name: { fr: "Consulat de New York" }, timeZone: America/New_York, currency: USD, chanceryRate: 0.1 }\n' +
      'server: { port: 9000 }\n';
    const r = parseConfig(yaml, 'ny.yaml');
    expect(r.ok && r.config.server.port).toBe(9000);
    const dup = parseConfig(
      yaml + 'services:\n  - { code: a, prefix: A, feeMad: 1, name: { fr: a } }\n  - { code: a, prefix: B, feeMad: 1, name: { fr: b } }\n',
      'ny.yaml',
    );
    expect(!dup.ok && dup.errors[0]?.problem).toMatch(/appears twice/);
  });

  it('names what is wrong in the opening hours: an opening, overlapping ones, a date, a service that does not exist', () => {
    const yaml =
      'consulate: { code: US-NYC, name: { fr: "Consulat de New York" }, timeZone: America/New_York, currency: USD, chanceryRate: 0.1 }\n' +
      'services:\n  - { code: passport, prefix: P, feeMad: 1, name: { fr: Passeport } }\n' +
      'checkin:\n  hours:\n    weekly: { mon: ["8:30-12:30"], tue: ["08:30-12:30", "12:00-15:00"] }\n' +
      '    lastTicket: "3pm"\n    closedDays: [{ date: "25/12/2026" }]\n    services: { visa: { lastTicket: "14:00" } }\n';
    const r = parseConfig(yaml, 'ny.yaml');
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.errors.map((e) => `${e.field}: ${e.problem}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'checkin.hours.weekly.mon.0: expected an opening as HH:MM-HH:MM, start before end, e.g. "08:30-12:30" ' +
          '("8:30-12:30" is not an opening as HH:MM-HH:MM, e.g. "08:30-12:30"); got "8:30-12:30"',
        expect.stringMatching(/checkin\.hours\.weekly\.tue.*overlap/),
        expect.stringMatching(/checkin\.hours\.lastTicket.*HH:MM/),
        expect.stringMatching(/checkin\.hours\.closedDays\.0\.date.*YYYY-MM-DD/),
      ]),
    );
    const fixed = parseConfig(
      yaml.replace('8:30-12:30"]', '08:30-12:30"]').replace('"12:00-15:00"', '"13:00-15:00"').replace('"3pm"', '"15:00"').replace('25/12/2026', '2026-12-25'),
      'ny.yaml',
    );
    expect(!fixed.ok && fixed.errors.map((e) => `${e.field}: ${e.problem}`)).toEqual([
      'checkin.hours.services.visa: expected the code of a service of this post (one of passport); got "visa"',
    ]);
  });
});

// `kiosk config check` parses one config in a short-lived process (issue 14, ≤ 0.2 s): what it must not pay for,
// checked by what runs rather than by timings. The first Intl.DateTimeFormat of a process loads ICU's date
// formats (30–50 ms); zod's compiled fast path builds a function per object schema (30–40 ms), worth it only
// for schemas parsed many times.
describe('the work of loading a config', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });
  const paris = fixture('paris.json');
  loadConfig(paris); // lazily made lists (the time zones) are made once per process, not per load

  it('builds no date formatter for a canonical time zone', () => {
    const formatters = vi.spyOn(Intl, 'DateTimeFormat');
    expect(loadConfig(paris).ok).toBe(true);
    expect(formatters).not.toHaveBeenCalled();
  });

  it('compiles no code (no zod fast path), for a valid config and for one with errors', async () => {
    // Fresh schemas: zod keeps an object schema's fast path once built, and the loads above ran on these.
    vi.resetModules();
    const { loadConfig, parseConfig } = await import('./load');
    const compiled: string[] = [];
    vi.stubGlobal(
      'Function',
      new Proxy(Function, {
        construct: (target, args: string[], newTarget) => (compiled.push(String(args.at(-1)).slice(0, 80)), Reflect.construct(target, args, newTarget)),
        apply: (target, self, args: string[]) => (compiled.push(String(args.at(-1)).slice(0, 80)), Reflect.apply(target, self, args)),
      }),
    );
    expect(loadConfig(paris).ok).toBe(true);
    expect(loadConfig(fixture('broken.yaml')).ok).toBe(false);
    expect(parseConfig('consulate: { code: US-NYC }', 'ny.yaml').ok).toBe(false);
    expect(compiled).toEqual([]);
  });
});

describe('roles of a post', () => {
  const paris = () => {
    const r = loadConfig();
    if (!r.ok) throw new Error('sample invalid');
    return JSON.parse(JSON.stringify(r.config)) as Record<string, unknown> & { server: Record<string, unknown> };
  };
  it('defaults to the standalone daemon, with the post settings at their defaults', () => {
    const r = parseConfig(JSON.stringify({ ...paris(), role: undefined, post: undefined }), 'k.json');
    expect(r.ok && r.config.role).toBe('standalone');
    expect(r.ok && r.config.post).toEqual({ answerWithinMs: 1500, blockSize: 20, insecureLan: false, maxClockSkewSeconds: 180 });
  });
  it('refuses a kiosk of a post that would listen on the LAN, naming the field and what to do', () => {
    const c = paris();
    const r = parseConfig(JSON.stringify({ ...c, role: 'kiosk', server: { ...c.server, lan: true, host: '0.0.0.0' } }), 'k.json');
    expect(r.ok).toBe(false);
    const byField = r.ok ? {} : Object.fromEntries(r.errors.map((e) => [e.field, e.problem]));
    expect(byField['server.lan']).toMatch(/listens on its own PC only: remove server.lan/);
    expect(byField['server.host']).toMatch(/127\.0\.0\.1 only/);
  });
  it('names an unknown role', () => {
    const r = parseConfig(JSON.stringify({ ...paris(), role: 'server' }), 'k.json');
    expect(!r.ok && r.errors[0]).toMatchObject({ field: 'role', problem: expect.stringMatching(/standalone.*hub.*kiosk/) });
  });
});

describe('the consulate’s emblem (issue 19 item 13)', () => {
  const withEmblem = (emblem: string) => {
    const r = loadConfig();
    if (!r.ok) throw new Error('sample invalid');
    const c = JSON.parse(JSON.stringify(r.config)) as { consulate: Record<string, unknown> };
    return JSON.stringify({ ...c, consulate: { ...c.consulate, emblem } });
  };
  it('finds the file next to the config, and refuses one that is missing, too large or not an image', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emblem-'));
    try {
      writeFileSync(join(dir, 'emblem.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
      const ok = parseConfig(withEmblem('emblem.svg'), join(dir, 'kiosk.json'));
      expect(ok.ok && ok.config.consulate.emblem).toBe(join(dir, 'emblem.svg'));
      const missing = parseConfig(withEmblem('emblme.svg'), join(dir, 'kiosk.json'));
      expect(!missing.ok && missing.errors).toEqual([{ field: 'consulate.emblem', problem: `no such file: ${join(dir, 'emblme.svg')}` }]);
      writeFileSync(join(dir, 'big.png'), Buffer.alloc(MAX_EMBLEM_BYTES + 1));
      const big = parseConfig(withEmblem('big.png'), join(dir, 'kiosk.json'));
      expect(!big.ok && big.errors[0]?.problem).toMatch(/an emblem must be at most/);
      const pdf = parseConfig(withEmblem('emblem.pdf'), join(dir, 'kiosk.json'));
      expect(!pdf.ok && pdf.errors[0]).toMatchObject({ field: 'consulate.emblem', problem: expect.stringMatching(/an SVG, PNG, JPEG or WebP file/) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the languages a kiosk offers', () => {
  it('each needs a visitor and a ticket catalogue: a language with screens but no ticket words is refused by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'i18n-'));
    try {
      for (const [lang, files] of [
        ['fr', ['visitor', 'ticket']],
        ['sv', ['visitor']],
      ] as const) {
        mkdirSync(join(dir, lang));
        for (const f of files) writeFileSync(join(dir, lang, `${f}.json`), '{}');
      }
      expect(languagesWithoutCatalogue(['fr'], dir)).toEqual([]);
      expect(languagesWithoutCatalogue(['fr', 'sv', 'fi'], dir)).toEqual([
        { field: 'languages.1', problem: 'no ticket catalogue for "sv" (i18n/sv/ticket.json); the kiosk can speak fr' },
        { field: 'languages.2', problem: 'no visitor catalogue for "fi" (i18n/fi/visitor.json); the kiosk can speak fr' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
