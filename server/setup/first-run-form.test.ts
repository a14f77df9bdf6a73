// The first-run page's form read as the wizard would: the LAN's default follows the role, and the schema's complaints
// about an account name the row as the page numbers it.
import { describe, expect, it } from 'vitest';
import { draftFromForm, lanFromForm } from './first-run-server';

const form = (extra: Record<string, string>) => ({
  code: 'FR-PAR',
  nameAr: 'القنصلية العامة للمملكة المغربية بباريس',
  nameFr: 'Consulat général du Royaume du Maroc à Paris',
  timeZone: 'Europe/Paris',
  currency: 'EUR',
  chanceryRate: '10.85',
  terminalProtocol: 'zvt',
  terminalPort: '/dev/ttyUSB0',
  printer: 'tcp://192.168.1.50:9100',
  scannerType: 'hid',
  accounts: '1',
  'staffId-0': 'karim.t',
  'staffName-0': 'Karim T.',
  'staffRole-0': 'technician',
  'pin-0': '739104',
  'pin2-0': '739104',
  ...extra,
});

describe('the first-run form', () => {
  it('serves the LAN by default on a hub only, as the wizard does, and follows an explicit choice', () => {
    expect(lanFromForm(undefined, 'hub')).toBe(true);
    expect(lanFromForm('role', 'hub')).toBe(true);
    expect(lanFromForm('role', 'standalone')).toBe(false);
    expect(lanFromForm('role', 'kiosk')).toBe(false);
    expect(lanFromForm('off', 'hub')).toBe(false);
    expect(lanFromForm('on', 'standalone')).toBe(true);
  });

  it('writes server.lan from the role when left at its default, and a kiosk of a post passes the schema', async () => {
    for (const [role, lan] of [
      ['hub', true],
      ['standalone', false],
      ['kiosk', false],
    ] as const) {
      const r = await draftFromForm(form({ role, lan: 'role' }), '/tmp/first-run-form/kiosk.yaml');
      expect(r.errors, role).toEqual([]);
      expect((r.draft.server as { lan: boolean }).lan, role).toBe(lan);
    }
  });

  it('names an account the schema refuses by the row the page shows, counted from 1', async () => {
    const r = await draftFromForm(
      form({ accounts: '2', 'staffId-1': 'Not An Id!', 'staffName-1': 'Nadia S.', 'staffRole-1': 'supervisor', 'pin-1': '480263', 'pin2-1': '480263' }),
      '/tmp/first-run-form/kiosk.yaml',
    );
    expect(r.errors.map((e) => e.field)).toEqual([expect.stringMatching(/^staff account 2, id \(auth\.accounts\.1\.id\)$/)]);
  });
});
