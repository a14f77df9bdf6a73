// The ministry's pages on the central service (issue 16): /central (network), /central/posts/:id (drill-down),
// /central/trends, CSV exports, /central/users (admins), login. Server-rendered HTML; a session cookie
// (HttpOnly, SameSite=Strict: no other site can post a form with it, so the forms need no token).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { CentralAppDeps } from '../http/app';
import { listPosts } from '../db/posts';
import { trendFees } from '../db/trends-fees';
import { networkDay, postDrillDown, trends, type TrendPeriod } from '../db/dashboard';
import {
  addCentralUser,
  centralSessionUser,
  checkCentralLogin,
  closeCentralSession,
  disableCentralUser,
  listCentralUsers,
  openCentralSession,
  setCentralUserPassword,
  setCentralUserRole,
  type CentralUser,
} from '../db/users';
import { listUserChanges, type ChangeActor } from '../db/user-changes';
import { csv } from './csv';
import { t } from './html';
import { isLang, type Lang } from './i18n';
import { loginPage, messagePage, networkPage, postPage, trendsPage, usersPage } from './pages';

export interface DashboardOptions {
  /** A post without contact for longer is flagged (default $KIOSK_CENTRAL_STALE_MINUTES, else 15). */
  staleMinutes?: number;
  sessionHours?: number;
}

const SESSION = 'central_session';
const LANG = 'central_lang';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The users page shows this many of the latest user changes; `kiosk central user log` shows more. */
const CHANGES_SHOWN = 20;

function cookies(req: FastifyRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}

const cookie = (req: FastifyRequest, name: string, value: string, maxAge: number) =>
  `${name}=${encodeURIComponent(value)}; Path=/central; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${req.protocol === 'https' ? '; Secure' : ''}`;

/** The page's language: ?lang= (remembered in a cookie), else the cookie, else the browser's preference, else French. */
function langOf(req: FastifyRequest, reply: FastifyReply): Lang {
  const asked = (req.query as Record<string, unknown> | undefined)?.lang;
  if (isLang(asked)) {
    void reply.header('Set-Cookie', cookie(req, LANG, asked, 365 * 86_400));
    return asked;
  }
  const kept = cookies(req).get(LANG);
  if (isLang(kept)) return kept;
  return /^ar\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'ar' : 'fr';
}

const html = (reply: FastifyReply, body: string, status = 200) =>
  reply.code(status).header('Content-Type', 'text/html; charset=utf-8').header('Cache-Control', 'no-store').send(body);

const sendCsv = (reply: FastifyReply, name: string, body: string) =>
  reply
    .header('Content-Type', 'text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${name}"`)
    .header('Cache-Control', 'no-store')
    .send(body);

export function dashboardPlugin(o: DashboardOptions = {}): (deps: CentralAppDeps) => FastifyPluginAsync {
  const staleMinutes = o.staleMinutes ?? (Number(process.env.KIOSK_CENTRAL_STALE_MINUTES) || 15);
  const ttlMs = (o.sessionHours ?? 12) * 3_600_000;
  return ({ db, now }) =>
    async (app) => {
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      });

      /** The signed-in user, or null after answering (a redirect to login, or 403 for a viewer on an admin page). */
      const signedIn = async (req: FastifyRequest, reply: FastifyReply, role: 'viewer' | 'admin' = 'viewer'): Promise<CentralUser | null> => {
        const token = cookies(req).get(SESSION);
        const user = token ? await centralSessionUser(db, token, now()) : null;
        if (!user) {
          void reply.redirect(`/central/login?next=${encodeURIComponent(req.url)}`, 303);
          return null;
        }
        if (role === 'admin' && user.role !== 'admin') {
          const lang = langOf(req, reply);
          void html(reply, messagePage(lang, { title: t(lang, 'forbidden'), user, path: req.url.split('?')[0]! }), 403);
          return null;
        }
        return user;
      };
      const dayOf = (req: FastifyRequest): string | undefined => {
        const d = (req.query as Record<string, unknown>).day;
        return typeof d === 'string' && DAY.test(d) ? d : undefined;
      };
      const safeNext = (v: unknown) => (typeof v === 'string' && /^\/central(\/|\?|$)/.test(v) && !v.startsWith('//') ? v : '/central');

      app.get('/central/login', async (req, reply) => {
        const q = req.query as Record<string, unknown>;
        return html(reply, loginPage(langOf(req, reply), { failed: q.failed === '1', next: safeNext(q.next) }));
      });

      app.post('/central/login', async (req, reply) => {
        const b = (req.body ?? {}) as Record<string, unknown>;
        const next = safeNext(b.next);
        const user = typeof b.name === 'string' && typeof b.password === 'string' ? await checkCentralLogin(db, b.name, b.password) : null;
        if (!user) return reply.redirect(`/central/login?failed=1&next=${encodeURIComponent(next)}`, 303);
        const token = await openCentralSession(db, user.name, ttlMs, now());
        return reply.header('Set-Cookie', cookie(req, SESSION, token, Math.floor(ttlMs / 1000))).redirect(next, 303);
      });

      app.post('/central/logout', async (req, reply) => {
        const token = cookies(req).get(SESSION);
        if (token) await closeCentralSession(db, token);
        return reply.header('Set-Cookie', cookie(req, SESSION, '', 0)).redirect('/central/login', 303);
      });

      app.get('/central', async (req, reply) => {
        const user = await signedIn(req, reply);
        if (!user) return reply;
        const day = dayOf(req);
        const net = await networkDay(db, { now: now(), staleMinutes, ...(day ? { day } : {}) });
        return html(reply, networkPage(langOf(req, reply), { rows: net.posts, staleMinutes, user, ...(day ? { day } : {}) }));
      });

      app.get('/central/network.csv', async (req, reply) => {
        const user = await signedIn(req, reply);
        if (!user) return reply;
        const day = dayOf(req);
        const net = await networkDay(db, { now: now(), staleMinutes, ...(day ? { day } : {}) });
        const currencies = [...new Set(net.posts.flatMap((p) => p.fees.map((f) => f.currency)))].sort();
        const head = [
          'post',
          'day',
          'visitors',
          'persons',
          'waiting',
          'longest_wait_minutes',
          'served',
          'no_shows',
          ...currencies.map((c) => `fees_minor_${c}`),
          'fees_mad',
          'day_close',
          'differences',
          'devices_in_fault',
          'last_contact',
          'lag',
          'stale',
        ];
        const rows = net.posts.map((p) => [
          p.postId,
          p.day,
          p.visitors,
          p.persons,
          p.waiting,
          p.longestWaitMinutes,
          p.served,
          p.noShows,
          ...currencies.map((c) => p.fees.find((f) => f.currency === c)?.totalMinor ?? 0),
          p.feesMad,
          p.dayClose,
          p.closeDifferences.map((d) => `${d.terminalId}:${d.differenceMinor}`).join(' '),
          p.devicesInFault.map((d) => `${d.kioskId}/${d.deviceId}:${d.status}`).join(' '),
          p.lastContact,
          p.lag,
          p.stale ? 'yes' : 'no',
        ]);
        return sendCsv(reply, `network-${day ?? net.posts[0]?.day ?? 'today'}.csv`, csv(head, rows));
      });

      const drill = async (req: FastifyRequest, reply: FastifyReply) => {
        const id = (req.params as { id: string }).id;
        if (!(await listPosts(db)).some((p) => p.postId === id)) {
          const lang = langOf(req, reply);
          void html(reply, messagePage(lang, { title: t(lang, 'notFound'), user: null, path: '/central' }), 404);
          return null;
        }
        const day = dayOf(req);
        return postDrillDown(db, { postId: id, now: now(), staleMinutes, ...(day ? { day } : {}) });
      };

      app.get('/central/posts/:id', async (req, reply) => {
        const user = await signedIn(req, reply);
        if (!user) return reply;
        const d = await drill(req, reply);
        if (!d) return reply;
        return html(reply, postPage(langOf(req, reply), d, user));
      });

      app.get('/central/posts/:id/export.csv', async (req, reply) => {
        const user = await signedIn(req, reply);
        if (!user) return reply;
        const d = await drill(req, reply);
        if (!d) return reply;
        const rows: unknown[][] = d.services.map((s) => [
          d.post.postId,
          d.post.day,
          'service',
          s.service,
          s.visitors,
          s.persons,
          s.waiting,
          s.served,
          s.noShows,
          s.longestWaitMinutes,
          '',
          '',
          '',
        ]);
        for (const f of d.fees) rows.push([d.post.postId, d.post.day, 'fees', f.service, '', '', '', '', '', '', f.currency, f.totalMinor, f.feesMad]);
        const head = [
          'post',
          'day',
          'section',
          'service',
          'visitors',
          'persons',
          'waiting',
          'served',
          'no_shows',
          'longest_wait_minutes',
          'currency',
          'fees_minor',
          'fees_mad',
        ];
        return sendCsv(reply, `post-${d.post.postId}-${d.post.day}.csv`, csv(head, rows));
      });

      /** The trends asked for (?period=day|week|month&post=ID): visitors, served, no-shows and fees per period. */
      const trendsOf = async (req: FastifyRequest) => {
        const q = req.query as Record<string, unknown>;
        const period: TrendPeriod = q.period === 'week' || q.period === 'month' ? q.period : 'day';
        const posts = (await listPosts(db)).map((p) => p.postId);
        const postId = typeof q.post === 'string' && posts.includes(q.post) ? q.post : null;
        const until = new Date(now()).toISOString().slice(0, 10);
        const range = { period, until, buckets: period === 'day' ? 30 : 12, ...(postId ? { postId } : {}) };
        return { period, postId, posts, points: await trends(db, range), fees: await trendFees(db, range) };
      };

      app.get('/central/trends', async (req, reply) => {
        const user = await signedIn(req, reply);
        if (!user) return reply;
        return html(reply, trendsPage(langOf(req, reply), { ...(await trendsOf(req)), user }));
      });

      app.get('/central/trends.csv', async (req, reply) => {
        const user = await signedIn(req, reply);
        if (!user) return reply;
        const tr = await trendsOf(req);
        const feesOf = new Map(tr.fees.map((f) => [f.bucket, f]));
        const currencies = [...new Set(tr.fees.flatMap((f) => f.fees.map((x) => x.currency)))].sort();
        const head = ['period', 'visitors', 'served', 'no_shows', ...currencies.map((c) => `fees_minor_${c}`), 'fees_mad'];
        const rows = tr.points.map((p) => {
          const f = feesOf.get(p.bucket);
          return [
            p.bucket,
            p.visitors,
            p.served,
            p.noShows,
            ...currencies.map((c) => f?.fees.find((x) => x.currency === c)?.totalMinor ?? 0),
            f?.feesMad ?? '0',
          ];
        });
        return sendCsv(reply, `trends-${tr.period}${tr.postId ? `-${tr.postId}` : ''}.csv`, csv(head, rows));
      });

      /** The users page: the users, then the latest changes to them (who did what, newest first). */
      const users = async (req: FastifyRequest, reply: FastifyReply, user: CentralUser, message?: string) =>
        html(
          reply,
          usersPage(langOf(req, reply), {
            users: await listCentralUsers(db),
            changes: await listUserChanges(db, CHANGES_SHOWN),
            user,
            ...(message ? { message } : {}),
          }),
          message ? 400 : 200,
        );
      const by = (user: CentralUser): ChangeActor => ({ name: user.name, via: 'pages' });

      app.get('/central/users', async (req, reply) => {
        const user = await signedIn(req, reply, 'admin');
        if (!user) return reply;
        return users(req, reply, user);
      });

      app.post('/central/users', async (req, reply) => {
        const user = await signedIn(req, reply, 'admin');
        if (!user) return reply;
        const b = (req.body ?? {}) as Record<string, unknown>;
        const r = await addCentralUser(db, { name: String(b.name ?? ''), role: String(b.role ?? ''), password: String(b.password ?? ''), by: by(user) });
        if (!r.ok) return users(req, reply, user, r.detail);
        return reply.redirect('/central/users', 303);
      });

      app.post('/central/users/:name/role', async (req, reply) => {
        const user = await signedIn(req, reply, 'admin');
        if (!user) return reply;
        const role = String((req.body as Record<string, unknown> | undefined)?.role ?? '');
        const r = await setCentralUserRole(db, (req.params as { name: string }).name, role, by(user));
        if (!r.ok) return users(req, reply, user, r.detail);
        return reply.redirect('/central/users', 303);
      });

      app.post('/central/users/:name/password', async (req, reply) => {
        const user = await signedIn(req, reply, 'admin');
        if (!user) return reply;
        const password = String((req.body as Record<string, unknown> | undefined)?.password ?? '');
        const r = await setCentralUserPassword(db, (req.params as { name: string }).name, password, by(user));
        if (!r.ok) return users(req, reply, user, r.detail);
        return reply.redirect('/central/users', 303);
      });

      app.post('/central/users/:name/disable', async (req, reply) => {
        const user = await signedIn(req, reply, 'admin');
        if (!user) return reply;
        const name = (req.params as { name: string }).name;
        if (name !== user.name) await disableCentralUser(db, name, by(user));
        return reply.redirect('/central/users', 303);
      });
    };
}
