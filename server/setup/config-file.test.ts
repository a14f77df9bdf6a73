import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../test/support/tmp';
import { fieldProblem, writeDraft } from './config-file';

const tmp = tempDir('kiosk-config-file-');
afterAll(() => tmp.cleanup());

const draft = {
  demo: false,
  consulate: { code: 'FR-LYS', name: { fr: 'Consulat' }, timeZone: 'Europe/Paris', currency: 'EUR', chanceryRate: 0.093 },
};

describe('the config file kiosk setup writes', () => {
  it('is 0640 and given to the group when the group exists (the package: root:kiosk), else 0600', () => {
    const grouped = join(tmp.dir, 'grouped.json');
    // Group "root" stands for the package's "kiosk" group on this machine: gid 0 exists everywhere.
    const r = writeDraft(grouped, draft, { group: 'root' });
    expect(r).toMatchObject({ ok: true, mode: 0o640, group: 'root' });
    expect(statSync(grouped).gid).toBe(0);
    const alone = join(tmp.dir, 'alone.yaml');
    expect(writeDraft(alone, draft, { group: 'no-such-group-here' })).toMatchObject({ ok: true, mode: 0o600 });
    expect(readFileSync(alone, 'utf8')).toMatch(/^# Written by `kiosk setup`/);
  });

  it('writes nothing when the config would be invalid, and leaves no temp file', () => {
    const file = join(tmp.dir, 'kept.json');
    writeFileSync(file, '{"old": true}');
    const r = writeDraft(file, { ...draft, consulate: { ...draft.consulate, currency: 'EUX' } });
    expect(r).toMatchObject({ ok: false, errors: [{ field: 'consulate.currency' }] });
    expect(readFileSync(file, 'utf8')).toBe('{"old": true}');
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(tmp.dir, 'never.json'))).toBe(false);
  });

  it("names a field's problem in the schema's words and nothing about the fields not asked yet", () => {
    expect(fieldProblem({}, 'consulate.code', 'LYON')).toBe('expected country and city, e.g. "FR-PAR"; got "LYON"');
    expect(fieldProblem({}, 'consulate.code', 'FR-LYS')).toBeNull();
  });
});
