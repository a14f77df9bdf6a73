// The posts' side of bundles (issue 16, item 4), behind the post credential: the newest bundles, the public key
// that verifies them with the key changes that lead to it, and the version a post reports it applies.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { BundleAppliedBody, BundleKeyAnswer, LatestBundles } from '../../shared/central-bundle-api';
import { bundlePublicKey, keyChanges, latestBundles, recordApplied, type BundleRow } from '../db/bundles';
import type { CentralAppDeps } from '../http/app';

const signed = (b: BundleRow | null) => (b ? { text: b.text, signature: b.signature } : null);

export function bundlesPlugin({ db, auth, now }: CentralAppDeps): FastifyPluginAsync {
  const post = async (req: FastifyRequest, reply: FastifyReply): Promise<string | null> => {
    const who = await auth(req);
    if (who.ok) return who.postId;
    void reply.code(who.status).send({ error: who.detail, reason: who.reason });
    return null;
  };
  return async (app) => {
    app.get('/api/central/bundles/latest', async (req, reply) => {
      if (!(await post(req, reply))) return reply;
      const l = await latestBundles(db, now());
      reply.header('Cache-Control', 'no-store');
      return LatestBundles.parse({ inForce: signed(l.inForce), pending: signed(l.pending) });
    });

    app.get('/api/central/bundle-key', async (req, reply) => {
      if (!(await post(req, reply))) return reply;
      const pem = await bundlePublicKey(db);
      if (!pem) return reply.code(404).send({ error: 'no bundle was published yet: the ministry runs kiosk central bundle publish first' });
      reply.header('Cache-Control', 'no-store');
      const changes = (await keyChanges(db)).map((k) => ({ text: k.text, signature: k.signature }));
      return BundleKeyAnswer.parse({ publicKeyPem: pem, changes });
    });

    app.post('/api/central/bundles/applied', async (req, reply) => {
      const postId = await post(req, reply);
      if (!postId) return reply;
      const body = BundleAppliedBody.safeParse(req.body);
      if (!body.success) return reply.code(400).send({ error: `not a bundle report: ${body.error.issues.map((i) => i.message).join('; ')}` });
      await recordApplied(db, postId, body.data.version, new Date(body.data.appliedAt), now());
      return { ok: true };
    });
  };
}
