// Child process for concurrent-checkin.test.ts: one "kiosk" checking in a list of tokens against a shared
// journal file, started on a signal so both kiosks race. Prints one JSON line of results.
import { readFileSync } from 'node:fs';
import { openJournal } from '../../store/db';
import { checkIn } from '../../server/appointment/check-in';
import { appointmentRuntime } from '../../server/appointment/config';

const [journal, kioskId, tokensFile, atIso, order] = process.argv.slice(2) as [string, string, string, string, string];
const listed = JSON.parse(readFileSync(tokensFile, 'utf8')) as string[];
// The two kiosks walk the list from opposite ends so that they collide in the middle.
const tokens = order === 'reverse' ? [...listed].reverse() : listed;
const rt = appointmentRuntime(
  {
    trustedKeys: [{ publicKeyPem: readFileSync(new URL('../../fixtures/keys/b0ff66afbc2b7fa5.pub.pem', import.meta.url), 'utf8') }],
    revoked: [],
    window: { beforeMinutes: 60, afterMinutes: 30 },
    dayTokens: [],
  },
  { demo: true },
);
const db = openJournal(journal);
process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  const results: Record<string, unknown> = {};
  for (const t of tokens) {
    const v = await checkIn(db, t, rt, { consulate: 'FR-PAR', services: new Set(['passport']), kioskId, at: new Date(atIso) });
    results[t] = v.ok ? { ok: true, tokenId: v.appointment.tokenId } : v;
  }
  db.close();
  process.stdout.write(JSON.stringify(results) + '\n');
  process.exit(0);
});
