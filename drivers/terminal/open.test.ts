// The factory and the in-process simulator (the daemon's default terminal), over an in-memory line.
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineSettings, openSimulatedTerminal, openTerminal } from './open';
import { TerminalConfig } from '../../shared/terminal-config';
import type { ZvtTerminal } from './types';

const FAST = { thinkMs: 0, pinDelayMs: 50, pinStepMs: 10 };

describe('openTerminal', () => {
  it('validates config and names the bad field', () => {
    expect(TerminalConfig.safeParse({ protocol: 'concert', port: '/dev/ttyUSB0' }).success).toBe(true);
    const bad = TerminalConfig.safeParse({ protocol: 'zvt', port: 'sim', scenario: 'explode' });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('scenario');
    expect(TerminalConfig.safeParse({ protocol: 'ingenico', port: 'x' }).success).toBe(false);
  });

  it('line defaults per protocol: Concert 8N1, ZVT 8N2; 7E1 configurable', () => {
    expect(lineSettings({ protocol: 'concert' })).toEqual({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
    expect(lineSettings({ protocol: 'zvt' })).toEqual({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 2 });
    expect(lineSettings({ protocol: 'concert', dataBits: 7, parity: 'even' })).toMatchObject({ dataBits: 7, parity: 'even', stopBits: 1 });
  });

  it('a real port that does not exist gives not-sent / offline, not an exception', async () => {
    const t = openTerminal({ protocol: 'zvt', port: '/dev/ttyNOPE-kiosk' });
    expect((await t.pay({ amountMinor: 100, currency: 'EUR', reference: 'x' })).outcome).toBe('not_sent');
    expect((await t.status()).state).toBe('offline');
    await t.close();
  });

  for (const protocol of ['concert', 'zvt'] as const) {
    it(`${protocol}: port 'sim' runs the real driver against the simulator; scenario switch at runtime`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'sim-log-'));
      const simLog = join(dir, 'charges.jsonl');
      const { terminal, simulator } = openSimulatedTerminal({ protocol, scenario: 'approve', simLog }, FAST);
      try {
        expect(terminal.protocol).toBe(protocol);
        expect(terminal.simulator).toBe(simulator);
        expect((await terminal.pay({ amountMinor: 700, currency: 'MAD', reference: 'R1' })).outcome).toBe('approved');
        expect(simulator.setScenario('decline')).toEqual({ ok: true });
        expect((await terminal.pay({ amountMinor: 800, currency: 'MAD', reference: 'R2' })).outcome).toBe('declined');
        expect(simulator.setScenario('no-such-thing').ok).toBe(false);
        expect(simulator.scenario).toBe('decline');
        const lines = (await readFile(simLog, 'utf8'))
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
        expect(lines).toEqual(simulator.log.entries);
        expect(lines).toMatchObject([{ kind: 'charge', amountMinor: 700, currency: 'MAD' }]);
      } finally {
        await terminal.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  it('one operation at a time: a second pay while one runs is not-sent, status says busy', async () => {
    const { terminal } = openSimulatedTerminal({ protocol: 'zvt', scenario: 'pin-delay' }, { thinkMs: 0, pinDelayMs: 300, pinStepMs: 50 });
    try {
      const first = terminal.pay({ amountMinor: 100, currency: 'EUR', reference: 'a' });
      await new Promise((r) => setTimeout(r, 20));
      expect((await terminal.pay({ amountMinor: 100, currency: 'EUR', reference: 'b' })).outcome).toBe('not_sent');
      expect((await terminal.status()).state).toBe('busy');
      expect((await first).outcome).toBe('approved');
      expect(await (terminal as unknown as ZvtTerminal).register()).toEqual({ ok: true });
    } finally {
      await terminal.close();
    }
  });

  it('refuses an unknown currency or a non-integer amount before touching the line', async () => {
    for (const protocol of ['concert', 'zvt'] as const) {
      const { terminal, simulator } = openSimulatedTerminal({ protocol }, FAST);
      try {
        expect((await terminal.pay({ amountMinor: 100, currency: 'XYZ', reference: 'a' })).outcome).toBe('not_sent');
        expect((await terminal.pay({ amountMinor: 10.5, currency: 'EUR', reference: 'a' })).outcome).toBe('not_sent');
        const ctl = new AbortController();
        ctl.abort();
        expect((await terminal.pay({ amountMinor: 100, currency: 'EUR', reference: 'a', signal: ctl.signal })).outcome).toBe('aborted');
        expect(simulator.log.entries).toHaveLength(0);
      } finally {
        await terminal.close();
      }
    }
  });
});
