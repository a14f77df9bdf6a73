import { describe, expect, it } from 'vitest';
import { verifyPin } from '../auth/pin';
import { accountCount, accountsFromForm, changeRows, MAX_ACCOUNTS, noTechnicianNote, withoutPins } from './first-run-accounts';

describe('the staff rows of the first-run page', () => {
  it('counts at least one row and at most MAX_ACCOUNTS', () => {
    expect(accountCount({})).toBe(1);
    expect(accountCount({ accounts: '0' })).toBe(1);
    expect(accountCount({ accounts: 'x' })).toBe(1);
    expect(accountCount({ accounts: '3' })).toBe(3);
    expect(accountCount({ accounts: '999' })).toBe(MAX_ACCOUNTS);
  });

  it('never sends a PIN back', () => {
    expect(withoutPins({ pin: '1', pin2: '1', 'pin-0': '1', 'pin2-3': '1', staffId: 'a', pinned: 'kept' })).toEqual({ staffId: 'a', pinned: 'kept' });
  });

  it('adds a row, and removes one with the rows below moving up', () => {
    expect(changeRows({ accounts: '1', 'pin-0': '1234' }, 'add')).toEqual({ accounts: '2' });
    const three = { accounts: '3', 'staffId-0': 'a', 'staffId-1': 'b', 'staffId-2': 'c', 'staffRole-2': 'supervisor', 'pin-2': '1234' };
    expect(changeRows(three, 'remove-2')).toEqual({ accounts: '2', 'staffId-0': 'a', 'staffId-1': 'c', 'staffRole-1': 'supervisor' });
    expect(changeRows({ accounts: '1', 'staffId-0': 'a' }, 'remove-1')).toEqual({ accounts: '1', 'staffId-0': 'a' });
    expect(changeRows(three, 'remove-9')).toEqual(withoutPins(three));
  });

  it('hashes each PIN typed twice alike and names the row of one that is not', async () => {
    const r = await accountsFromForm({
      accounts: '3',
      'staffId-0': 'karim.t',
      'staffName-0': 'Karim T.',
      'staffRole-0': 'technician',
      'pin-0': '739104',
      'pin2-0': '739104',
      'pin-1': '12',
      'pin2-1': '12',
      'pin-2': '480263',
      'pin2-2': '480264',
    });
    expect(r.errors).toEqual([
      { field: 'staff account 2, PIN', problem: 'a PIN is 4 to 12 digits' },
      { field: 'staff account 3, PIN', problem: 'the two PINs differ' },
    ]);
    expect(r.accounts[0]).toMatchObject({ id: 'karim.t', name: 'Karim T.', role: 'technician' });
    expect(await verifyPin('739104', r.accounts[0]!.pinHash)).toBe(true);
    expect(r.accounts[2]!.role).toBe('staff');
  });

  it('says so when no account is a technician, as the wizard does', () => {
    expect(noTechnicianNote([{ role: 'supervisor' }])).toContain('No technician account');
    expect(noTechnicianNote([{ role: 'technician' }])).toBeNull();
  });
});
