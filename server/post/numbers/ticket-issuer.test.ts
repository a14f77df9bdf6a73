import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../../store/db';
import { recentEvents } from '../../../store/events';
import { QueueConfig } from '../../queue/config';
import { QueueService } from '../../queue/service';
import { localTicketIssuer } from './ticket-issuer';
import { tempDir } from '../../../test/support/tmp';

let db: Db;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir('ticket-issuer-');
  cleanup = t.cleanup;
  db = openJournal(join(t.dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  cleanup();
});

const queue = () =>
  new QueueService({
    db,
    consulate: { code: 'FR-PAR', timeZone: 'Europe/Paris' },
    services: [{ code: 'visa', prefix: 'A', name: { fr: 'Visa' } }],
    kioskId: 'K1',
    config: QueueConfig.parse({}),
  });
const req = { service: 'visa', kind: 'walk-in' as const, persons: 1, lang: 'fr' };

describe('the standalone ticket issuer', () => {
  it('issues from the local queue and writes the visit record in the same commit', async () => {
    const issuer = localTicketIssuer(db, queue());
    let inCommit = false;
    const r = await issuer.issue(req, 'v1', () => (inCommit = db.inTransaction));
    expect(r.ok && r.ticket.label).toBe('A-001');
    expect(inCommit).toBe(true);
  });
  it('a record that fails takes the ticket back: no number without its visit record', async () => {
    const issuer = localTicketIssuer(db, queue());
    await expect(
      issuer.issue(req, 'v1', () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(recentEvents(db, { kindPrefix: 'queue.ticket.issued' })).toHaveLength(0);
  });
});
