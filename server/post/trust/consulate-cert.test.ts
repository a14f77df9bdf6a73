// `kiosk hub init --cert --key`: the hub serves the consulate's own certificate chain and kiosks pin its root.
import { afterAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { openJournal } from '../../../store/db';
import { tempDir } from '../../../test/support/tmp';
import { createHubLink } from '../link';
import { makeHubCert, makePostCa } from './certificates';
import { enrolKiosk } from './enrol';
import { hubTlsOptions, initPostIdentity } from './identity';
import { joinHub } from './join';
import { loadHubLink } from './hub-link';
import { postTrustRoutes } from './routes';

const t = tempDir('post-consulate-');
const fp = (pem: string) => new X509Certificate(pem).fingerprint256;
afterAll(() => t.cleanup());

describe('the consulate certificate instead of a post CA', () => {
  it('needs the chain up to its root and the leaf key; kiosks then join and pin that root', async () => {
    const now = new Date();
    const root = await makePostCa({ name: 'Consulate root CA', now });
    const leaf = await makeHubCert({ ca: root, hosts: ['127.0.0.1', 'hub.consulat.test'], now });
    const otherKey = (await makeHubCert({ ca: root, hosts: ['x.test'], now })).keyPem;
    const f = (name: string, text: string) => (writeFileSync(join(t.dir, name), text), join(t.dir, name));
    const chain = f('chain.pem', leaf.certPem + root.certPem);
    const leafOnly = f('leaf.pem', leaf.certPem);
    const key = f('hub.key', leaf.keyPem);
    const wrongKey = f('other.key', otherKey);
    const dataDir = join(t.dir, 'hub');

    const noRoot = await initPostIdentity({ dataDir, hosts: [], certFile: leafOnly, keyFile: key });
    expect(noRoot).toMatchObject({ ok: false, reason: 'bad-certificate' });
    if (!noRoot.ok) expect(noRoot.detail).toMatch(/not a root.*append the issuing CA/);
    const badKey = await initPostIdentity({ dataDir, hosts: [], certFile: chain, keyFile: wrongKey });
    expect(badKey).toMatchObject({ ok: false, reason: 'bad-certificate' });
    if (!badKey.ok) expect(badKey.detail).toMatch(/is not the key of the first certificate/);

    const init = await initPostIdentity({ dataDir, hosts: [], certFile: chain, keyFile: key });
    expect(init).toMatchObject({ ok: true, source: 'consulate', hosts: ['127.0.0.1', 'hub.consulat.test'] });
    const tls = hubTlsOptions(dataDir);
    if (!tls.ok) throw new Error(tls.detail);
    expect(fp(tls.caPem)).toBe(fp(root.certPem));

    const db = openJournal(join(dataDir, 'journal.sqlite'));
    const app = Fastify({ https: { key: tls.key, cert: tls.cert } });
    try {
      await app.register(postTrustRoutes({ db, caPem: tls.caPem, version: '1' }), { prefix: '/api' });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const url = `https://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const enrol = enrolKiosk(db, dataDir, { kioskId: 'K1', validMinutes: 5 });
      if (!enrol.ok) throw new Error(enrol.detail);
      const kioskDir = join(t.dir, 'kiosk');
      expect(await joinHub({ hubUrl: url, code: enrol.code, dataDir: kioskDir })).toMatchObject({ ok: true, kioskId: 'K1' });
      const link = loadHubLink(kioskDir);
      if (!link.ok) throw new Error(link.detail);
      expect(fp(link.options.caPem!)).toBe(fp(root.certPem));
      expect(await createHubLink(link.options).request('GET', '/api/post/hello')).toMatchObject({ ok: true, body: { kioskId: 'K1' } });
    } finally {
      await app.close();
      db.close();
    }
  });
});
