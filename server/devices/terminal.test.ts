import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load';
import { ZvtSimulator } from '../../drivers/terminal/sim/zvt-sim';
import { openTerminalDevice } from './terminal';

describe('openTerminalDevice', () => {
  it("gives the simulated ZVT terminal the consulate's clock zone, as a terminal in the consulate has", async () => {
    const loaded = loadConfig();
    if (!loaded.ok) throw new Error('the sample config must load');
    const base = loaded.config;
    const cfg = {
      ...base,
      consulate: { ...base.consulate, timeZone: 'Asia/Tokyo' },
      devices: { ...base.devices, terminal: { ...base.devices.terminal, protocol: 'zvt' as const, port: 'sim' } },
    };
    const device = openTerminalDevice(cfg, () => undefined);
    try {
      const sim = device.terminal.simulator;
      expect(sim).toBeInstanceOf(ZvtSimulator);
      expect((sim as ZvtSimulator).timeZone).toBe('Asia/Tokyo');
    } finally {
      await device.close();
    }
  });
});
