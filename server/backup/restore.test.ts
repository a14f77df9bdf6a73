import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { openJournal } from '../../store/db';
import { tempDir } from '../../test/support/tmp';
import { backupJournal } from './backup';
import { restoreJournal } from './restore';

let cleanup = () => {};
afterEach(() => cleanup());

describe('restore refused while a daemon runs', () => {
  it('names the real systemd unit, kiosk-daemon (deploy/kiosk-daemon.service)', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = join(t.dir, 'journal.sqlite');
    const db = openJournal(file);
    expect((await backupJournal(db, join(t.dir, 'b.sqlite'))).ok).toBe(true);
    db.close();
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const r = await restoreJournal({
        backup: join(t.dir, 'b.sqlite'),
        journal: file,
        daemon: { host: '127.0.0.1', port: (server.address() as AddressInfo).port },
      });
      expect(r).toMatchObject({ ok: false, reason: 'in-use' });
      expect(r.ok ? '' : r.detail).toMatch(/systemctl stop kiosk-daemon\b/);
    } finally {
      server.close();
    }
  });
});
