import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { COMMAND_MODULES } from './index';

describe('the lazily loaded command modules', () => {
  it('each registers exactly the top-level commands its entry names (a missing name would load every module)', async () => {
    for (const m of COMMAND_MODULES) {
      const program = new Command('kiosk');
      (await m.load()).register(program);
      expect({ m: m.load.toString(), names: program.commands.map((c) => c.name()) }).toEqual({ m: m.load.toString(), names: [...m.names] });
    }
  });
});
