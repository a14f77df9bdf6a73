// The contracts of shared/ are built on first use, not when a module imports them (issue 14, start-up), and a
// stand-in answers exactly as the schema it stands for.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isPending, lazy } from './lazy-schema';

const isSchema = (v: unknown): v is object => typeof v === 'object' && v !== null && '_zod' in v;

describe('lazy schemas', () => {
  it('builds the schema once, on first use, and answers as it does', () => {
    let builds = 0;
    const Ticket = lazy(() => {
      builds++;
      return z.object({ label: z.string().describe('printed number'), persons: z.number().int().min(1).default(1) });
    });
    expect(builds).toBe(0);
    expect(isPending(Ticket)).toBe(true);
    expect(Ticket.parse({ label: 'A-001' })).toEqual({ label: 'A-001', persons: 1 });
    expect(Ticket.safeParse({ label: 1 }).success).toBe(false);
    expect(builds).toBe(1);
    expect(isPending(Ticket)).toBe(false);
    expect(Ticket instanceof z.ZodObject).toBe(true);
    expect(Object.keys(Ticket.shape)).toEqual(['label', 'persons']);
    expect(builds).toBe(1);
  });

  it('a stand-in inside another schema reads as the schema itself, descriptions included (JSON Schema, OpenAPI)', () => {
    const eager = z.string().describe('ISO 8601 UTC date-time');
    const stand = lazy(() => z.string().describe('ISO 8601 UTC date-time'));
    const json = (at: z.ZodType) => z.toJSONSchema(z.object({ at, maybe: z.array(at).optional() }), { io: 'input' });
    expect(json(stand)).toEqual(json(eager));
    expect(stand.description).toBe('ISO 8601 UTC date-time');
  });

  it('importing every contract module of shared/ builds none of their schemas', async () => {
    const dir = new URL('./', import.meta.url);
    const files = [
      ...readdirSync(dir)
        .filter((f) => /(^api|-api|^devices)\.ts$/.test(f))
        .map((f) => new URL(f, dir).href),
      ...readdirSync(new URL('routes/', dir))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => new URL(`routes/${f}`, dir).href),
    ];
    expect(files.length).toBeGreaterThan(20);
    const built: string[] = [];
    let schemas = 0;
    for (const f of files) {
      for (const [name, value] of Object.entries((await import(f)) as Record<string, unknown>)) {
        // Asked in this order: looking into a stand-in ('_zod' in it) would build it.
        if (typeof value === 'object' && value !== null && isPending(value)) schemas++;
        else if (isSchema(value)) built.push(`${f.slice(dir.href.length)}: ${name}`);
      }
    }
    expect(schemas).toBeGreaterThan(100);
    expect(built).toEqual([]);
  });

  it("every schema of a route's declaration, and the pages' names, are stand-ins until used (a daemon start builds none)", async () => {
    const { Routes } = await import('./routes/index');
    const { StaffApp, PageApp } = await import('./page-app');
    const built: string[] = [];
    let schemas = 0;
    for (const [name, decl] of Object.entries(Routes) as Array<[string, Record<string, unknown>]>) {
      const parts = { params: decl.params, query: decl.query, body: decl.body, ...(decl.responses as Record<string, unknown>) };
      for (const [part, value] of Object.entries(parts)) {
        // Asked in this order, as above: `in` on a stand-in would build it.
        if (value === undefined) continue;
        if (typeof value === 'object' && value !== null && isPending(value)) schemas++;
        else if (!(typeof value === 'object' && value !== null && 'binary' in value)) built.push(`${name}.${part}`);
      }
    }
    expect(schemas).toBeGreaterThan(200);
    expect(built).toEqual([]);
    expect([isPending(StaffApp), isPending(PageApp)]).toEqual([true, true]);
    expect(PageApp.options).toEqual(['kiosk', 'board', 'counter', 'diagnostics', 'reports', 'supervisor']);
  });
});
