// The package installed for real (dpkg and apt inside a Debian root, as root), behind an env variable because it
// needs a debootstrapped root, root rights and Debian's mirror for the dependencies (Chromium, speech), and takes
// minutes. The root is changed by the test; make a fresh one per run:
//   debootstrap --variant=minbase bookworm /tmp/kiosk-root http://deb.debian.org/debian
//   KIOSK_DEBOOTSTRAP_ROOT=/tmp/kiosk-root npx vitest run test/package/debootstrap.test.ts
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/daemon';
import { tempDir } from '../support/tmp';

const CHROOT = process.env.KIOSK_DEBOOTSTRAP_ROOT ?? '';
const JOURNAL = Math.max(...readdirSync(join(ROOT, 'store/migrations')).flatMap((f) => (/^(\d{3})_.*\.sql$/.exec(f) ? [Number(f.slice(0, 3))] : [])));
const OLD = '0.1.0-1';
const NEW = '0.1.1-1';

let tmp: { dir: string; cleanup: () => void };

function inRoot(args: string[], user?: string) {
  const r = spawnSync('chroot', [...(user ? [`--userspec=${user}:${user}`] : []), CHROOT, ...args], {
    encoding: 'utf8',
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', DEBIAN_FRONTEND: 'noninteractive', LANG: 'C.UTF-8' },
    timeout: 1_200_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
const installed = () => inRoot(['dpkg-query', '-W', '-f', '${Version}', 'consulate-kiosk']).out;
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const journal = () => join(CHROOT, 'var/lib/consulate-kiosk/journal.sqlite');
const config = () => join(CHROOT, 'etc/consulate-kiosk/kiosk.yaml');
function setJournalVersion(v: number) {
  const db = new Database(journal());
  db.pragma(`user_version = ${v}`);
  db.close();
}

describe.skipIf(!CHROOT)('the package installed into a Debian root', () => {
  beforeAll(() => {
    tmp = tempDir('kiosk-debootstrap-');
    for (const v of [OLD, NEW]) {
      execFileSync(process.execPath, [join(ROOT, 'scripts/build-deb.js'), '--out', tmp.dir, '--version', v], { stdio: 'pipe' });
      copyFileSync(join(tmp.dir, `consulate-kiosk_${v}_amd64.deb`), join(CHROOT, `tmp/consulate-kiosk_${v}_amd64.deb`));
    }
    copyFileSync('/etc/resolv.conf', join(CHROOT, 'etc/resolv.conf'));
  }, 600_000);
  afterAll(() => tmp?.cleanup());

  it('installs with apt (dependencies from the mirror): user, data folder 0700, config folder, unit enabled, no config', () => {
    expect(inRoot(['apt-get', 'update', '-qq']).status).toBe(0);
    const started = Date.now();
    const r = inRoot(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', `/tmp/consulate-kiosk_${OLD}_amd64.deb`]);
    process.stdout.write(`[debootstrap] apt-get install with dependencies: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('no config yet');
    expect(installed()).toBe(OLD);
    expect(inRoot(['getent', 'passwd', 'kiosk']).out).toMatch(/^kiosk:x:\d+:\d+::\/var\/lib\/consulate-kiosk:\/usr\/sbin\/nologin/);
    const data = statSync(join(CHROOT, 'var/lib/consulate-kiosk'));
    expect((data.mode & 0o777).toString(8)).toBe('700');
    expect(inRoot(['stat', '-c', '%U:%G %a', '/var/lib/consulate-kiosk', '/etc/consulate-kiosk']).out.trim().split('\n')).toEqual([
      'kiosk:kiosk 700',
      'root:kiosk 750',
    ]);
    expect(lstatSync(join(CHROOT, 'etc/systemd/system/multi-user.target.wants/kiosk-daemon.service')).isSymbolicLink()).toBe(true);
    expect(existsSync(config())).toBe(false);
  }, 1_200_000);

  it('runs the kiosk command as the service user on the packaged Node: the journal is made at its migration', () => {
    writeFileSync(
      config(),
      'kioskId: DBS-1\ndemo: true\ndataDir: /var/lib/consulate-kiosk\n' +
        'consulate: { code: FR-PAR, name: { fr: Test }, timeZone: Europe/Paris, currency: EUR, chanceryRate: 0.093 }\n',
    );
    expect(inRoot(['chown', 'root:kiosk', '/etc/consulate-kiosk/kiosk.yaml']).status).toBe(0);
    expect(inRoot(['chmod', '0640', '/etc/consulate-kiosk/kiosk.yaml']).status).toBe(0);
    const check = inRoot(['kiosk', 'config', 'check', '/etc/consulate-kiosk/kiosk.yaml'], 'kiosk');
    expect(check.status, check.out).toBe(0);
    const migrate = inRoot(['kiosk', 'db', 'migrate'], 'kiosk');
    expect(migrate.status, migrate.out).toBe(0);
    const db = new Database(journal(), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(JOURNAL);
    db.close();
  }, 300_000);

  it('upgrades without touching the journal or the config', () => {
    const before = [sha(journal()), sha(config())];
    const r = inRoot(['dpkg', '-i', `/tmp/consulate-kiosk_${NEW}_amd64.deb`]);
    expect(r.status, r.out).toBe(0);
    expect(installed()).toBe(NEW);
    expect([sha(journal()), sha(config())]).toEqual(before);
  }, 300_000);

  it('refuses a downgrade below the journal’s migration and keeps the installed version', () => {
    setJournalVersion(JOURNAL + 1); // as a newer package's migration would
    const r = inRoot(['dpkg', '-i', `/tmp/consulate-kiosk_${OLD}_amd64.deb`]);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain(`is at migration ${JOURNAL + 1}; this package knows only up to ${JOURNAL}`);
    expect(installed()).toBe(NEW);
    setJournalVersion(JOURNAL);
    const back = inRoot(['dpkg', '-i', `/tmp/consulate-kiosk_${OLD}_amd64.deb`]);
    expect(back.status, back.out).toBe(0);
    expect(installed()).toBe(OLD);
  }, 300_000);

  it('purges the program, says what it keeps, and keeps the journal, the config and the user', () => {
    const before = [sha(journal()), sha(config())];
    const r = inRoot(['dpkg', '--purge', 'consulate-kiosk']);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('Kept, on purpose: /var/lib/consulate-kiosk');
    expect(existsSync(join(CHROOT, 'opt/consulate-kiosk'))).toBe(false);
    expect([sha(journal()), sha(config())]).toEqual(before);
    expect(inRoot(['getent', 'passwd', 'kiosk']).status).toBe(0);
  }, 300_000);
});
