// The card receipt over a real pty: the simulated terminal hands its merchant and customer copies to the
// kiosk as print lines (06 D1) or text blocks (06 D3) when registered for it, and nothing when not.
import { describe, expect, it } from 'vitest';
import { zvtRig } from './harness';
import { CONFIG, parseRegistration } from '../../drivers/terminal/zvt/messages';
import { configByteFor } from '../../drivers/terminal/zvt/driver';
import { openPtyPair } from './pty';
import { openSerialPort } from '../../drivers/serial/open';
import { LINE_8N2 } from '../../drivers/serial/line';
import { ZvtDriver } from '../../drivers/terminal/zvt/driver';
import { ZvtLink, DEFAULT_ZVT_TIMERS } from '../../drivers/terminal/zvt/link';
import { cmd, decodeApdu } from '../../drivers/terminal/zvt/apdu';
import { positive, completion } from '../../drivers/terminal/zvt/messages';
import { FAST_ZVT } from './expectations';

describe('ZVT card receipt over a pty', () => {
  for (const form of ['lines', 'blocks'] as const) {
    it(`collects the merchant and customer copies sent as ${form}`, async () => {
      const rig = await zvtRig({ ecrPrintsReceipt: true }, { printTexts: form });
      try {
        const r = await rig.driver.pay({ amountMinor: 1250, currency: 'EUR', reference: 'R-1' });
        expect(r.outcome, JSON.stringify(r)).toBe('approved');
        if (!r.ok) return;
        expect(r.receipts).toHaveLength(2);
        // Text blocks say which copy is which (tag 1F07); print lines cannot.
        expect(r.receipts!.map((x) => x.copy)).toEqual(form === 'blocks' ? ['merchant', 'customer'] : ['unspecified', 'unspecified']);
        expect(r.receipts![0]!.lines).toContain('MERCHANT COPY');
        expect(r.receipts![1]!.lines).toContain('CUSTOMER COPY');
        expect(r.receipts![1]!.lines.some((l) => l.startsWith('AMOUNT 12'))).toBe(true);
        expect(r.receipts!.every((x) => x.continues === undefined)).toBe(true);
        expect(r.receiptLines).toEqual([...r.receipts![0]!.lines, ...r.receipts![1]!.lines]);
      } finally {
        await rig.close();
      }
    });
  }

  it('gets no receipt when the terminal prints it (config bits 02 and 80 clear)', async () => {
    const rig = await zvtRig({ ecrPrintsReceipt: false }, { printTexts: 'blocks' });
    try {
      const r = await rig.driver.pay({ amountMinor: 500, currency: 'EUR', reference: 'R-2' });
      expect(r.outcome).toBe('approved');
      expect(r.ok && r.receipts).toBeFalsy();
      expect(r.ok && r.receiptLines).toBeFalsy();
    } finally {
      await rig.close();
    }
  });

  it('the repeated receipt (06 20) brings the copies again', async () => {
    const rig = await zvtRig({ ecrPrintsReceipt: true }, { printTexts: 'blocks' });
    try {
      expect((await rig.driver.pay({ amountMinor: 700, currency: 'EUR', reference: 'R-3' })).outcome).toBe('approved');
      const again = await rig.driver.repeatLastReceipt();
      expect(again.ok && again.receipts?.map((x) => x.copy)).toEqual(['merchant', 'customer']);
    } finally {
      await rig.close();
    }
  });
});

describe('the registration config byte matches who prints the card receipt', () => {
  it('sets 02 and 80 when the kiosk prints, clears them when the terminal does', () => {
    const kiosk = configByteFor(true);
    const terminal = configByteFor(false);
    expect(kiosk & CONFIG.ecrPrintsPayment).toBe(CONFIG.ecrPrintsPayment);
    expect(kiosk & CONFIG.printLines).toBe(CONFIG.printLines);
    expect(terminal & (CONFIG.ecrPrintsPayment | CONFIG.printLines)).toBe(0);
    // The other bits are the same either way: intermediate status and "ECR controls payment" stay on.
    expect(kiosk & ~0x82).toBe(terminal & ~0x82);
    expect(terminal & CONFIG.ecrControlsPayment).toBe(CONFIG.ecrControlsPayment);
  });

  for (const prints of [true, false]) {
    it(`sends ${prints ? '02|80 set' : '02|80 clear'} on the wire (printsCardReceipt: ${prints})`, async () => {
      // A cash-register-side reader on the terminal's end of a real pty reads the 06 00 the driver sends.
      const pty = await openPtyPair();
      const opened = await openSerialPort(pty.terminal, LINE_8N2);
      if (!opened.ok) throw new Error(opened.reason);
      const link = new ZvtLink(opened.stream, { ...DEFAULT_ZVT_TIMERS, ...FAST_ZVT });
      const driver = new ZvtDriver(() => openSerialPort(pty.kiosk, LINE_8N2), { timers: FAST_ZVT, ecrPrintsReceipt: prints });
      try {
        const registering = driver.register();
        const got = await link.receiveApdu(5000);
        expect(got.kind).toBe('apdu');
        if (got.kind !== 'apdu') return;
        const d = decodeApdu(got.bytes);
        expect(d.ok && cmd(d.apdu)).toBe(0x0600);
        const reg = d.ok ? parseRegistration(d.apdu.data) : undefined;
        expect(reg?.config).toBe(configByteFor(prints));
        await link.sendApdu(positive());
        await link.sendApdu(completion());
        expect(await registering).toEqual({ ok: true });
      } finally {
        link.dispose();
        await driver.close();
        await opened.stream.close();
        await pty.close();
      }
    });
  }
});
