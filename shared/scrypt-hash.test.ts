import { describe, expect, it } from 'vitest';
import { scryptHash, scryptVerify } from './scrypt-hash';

// Made by the code this module replaced (server/auth/pin.ts's hashPin and central/db/users-password.ts's
// hashPassword): hashes already stored in configs and in the central database keep verifying.
const STORED_PIN_4711 = 'scrypt$16384$8$1$YGUZDC3pkuqWdE9TA9b9vA==$IuP50Oh+i78mdIXWP31UibtHggbr/uRsbKBaevQMkRs=';
const STORED_PASSWORD = 'scrypt$16384$8$1$rgrB5nZmT+hveVwU+EtpuQ==$Ux1y1oTaebyx1EwGj/dfqVxXwPrTw0ciFhR/Ton0dAE=';

describe('the scrypt hash format shared by staff PINs and ministry passwords', () => {
  it('makes "scrypt$N$r$p$salt$hash" with a fresh salt each time, and verifies it', async () => {
    const a = await scryptHash('4711');
    const b = await scryptHash('4711');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(await scryptVerify('4711', a)).toBe(true);
    expect(await scryptVerify('4712', a)).toBe(false);
  });

  it('verifies the hashes stored before (PINs and passwords)', async () => {
    expect(await scryptVerify('4711', STORED_PIN_4711)).toBe(true);
    expect(await scryptVerify('a long passphrase', STORED_PASSWORD)).toBe(true);
    expect(await scryptVerify('a long passphrase.', STORED_PASSWORD)).toBe(false);
  });

  it('answers false for a malformed hash, never throws', async () => {
    for (const bad of ['', 'bcrypt$x', 'scrypt$0$8$1$AA==$AA==', 'scrypt$16384$8$1$AA==$AAAA', `scrypt$${2 ** 21}$8$1$AA==$${'A'.repeat(44)}`])
      expect(await scryptVerify('4711', bad)).toBe(false);
  });
});
