import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DaemonContext } from '../context';
import { DeviceKind } from '../../shared/devices';
import { FaultBody, Overview, SwitchBody, TestPaymentBody, simulatedOutsideDemo, type ActionResult } from '../../shared/diagnostics-api';
import { appendEvent } from '../../store/events';
import { configuredSim } from '../devices/modes';
import { controls, injectFault } from './faults';
import { discoverAll } from './discover';
import { diskSpace, journalBytes, lastBackup, selfTest } from './overview';
import { endOfDay, paymentsOf, printerStatus, terminalStatus, testAmount, testPayment, testPrint, type TestResult } from './device-tests';
import { ScanWatch } from './scan-watch';
import { printedImage, printedJobs } from './printed';
import { tailLog } from './logs';
import { CSV_TABLES, journalCsv, journalView, paymentRow, type CsvTable } from './journal-view';

const IdParam = z.strictObject({ id: DeviceKind });
const InjectBody = z.strictObject({ text: z.string().min(1).max(2000) });
const SettleBody = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('approved'),
    authCode: z.string().trim().min(1, 'copy the authorisation code from the terminal journal').max(32),
    reason: z.string().trim().min(3, 'say how you decided').max(500),
  }),
  z.strictObject({ outcome: z.literal('not-charged'), reason: z.string().trim().min(3, 'say how you decided').max(500), force: z.boolean().optional() }),
]);

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

/** /api/diagnostics/*: the technician's page. Every route but /me needs a technician session. */
export function diagnosticsRoutes(ctx: DaemonContext): FastifyPluginAsync {
  return async (app) => {
    const watch = new ScanWatch(ctx);
    app.addHook('onClose', async () => watch.close());

    const tech = (req: FastifyRequest, reply: FastifyReply) => {
      const who = ctx.auth.authorize(req, ['technician']);
      if (!who.ok) {
        void reply.code(who.status).send({ error: who.detail, reason: who.reason });
        return null;
      }
      return who.user;
    };
    const by = (u: { id: string; name: string }) => `${u.name} (${u.id})`;
    const answer = (reply: FastifyReply, r: TestResult, failStatus = 200): ActionResult => {
      if (!r.ok) void reply.code(failStatus);
      return { ok: r.ok, message: r.message, ...(r.data !== undefined ? { data: r.data } : {}) };
    };

    // Signed-in or not, without a 401: the page asks this first and shows the PIN form when null.
    app.get('/diagnostics/me', async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      const s = ctx.auth.session(req);
      return { user: s && s.user.role === 'technician' ? s.user : null };
    });

    app.get('/diagnostics/overview', async (req, reply) => {
      const user = tech(req, reply);
      if (!user) return reply;
      const devices = ctx.devices.list();
      const disk = diskSpace(ctx.config.dataDir);
      return Overview.parse({
        kioskId: ctx.config.kioskId,
        demo: ctx.config.demo,
        version: ctx.version,
        uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
        user,
        devices,
        controls: controls(ctx.config, ctx.hardware),
        checks: selfTest(ctx, devices),
        disk,
        journalBytes: journalBytes(ctx.config),
        lastBackup: lastBackup(ctx.config),
        simulatedOutsideDemo: simulatedOutsideDemo(devices, ctx.config.demo),
        paymentsAvailable: paymentsOf(ctx) !== undefined,
        testPayment: testAmount(ctx),
      });
    });

    app.get('/diagnostics/discovery', async (req, reply) => {
      if (!tech(req, reply)) return reply;
      return discoverAll(ctx.config);
    });

    app.post('/diagnostics/devices/:id/mode', async (req, reply) => {
      const user = tech(req, reply);
      if (!user) return reply;
      const p = IdParam.safeParse(req.params);
      const b = SwitchBody.safeParse(req.body ?? {});
      if (!p.success) return reply.code(404).send({ error: 'no such device: printer, terminal or scanner' });
      if (!b.success) return reply.code(400).send({ error: `send {"mode":"sim"} or {"mode":"real"} (${issues(b.error)})` });
      if (p.data.id === 'terminal' && paymentsOf(ctx)?.service.inFlight())
        return reply.code(409).send({ ok: false, message: 'a payment is running on the terminal: wait for its outcome, then switch' });
      const r = await ctx.hardware.switchTo(p.data.id, b.data.mode);
      if (!r.ok) return reply.code(409).send({ ok: false, message: r.reason });
      if (r.changed)
        appendEvent(ctx.db, {
          kind: 'diagnostics.device-mode',
          subject: p.data.id,
          payload: { mode: r.mode, by: user.id, configuredSim: configuredSim(ctx.config, p.data.id) },
        });
      return { ok: true, message: `${p.data.id} ${r.changed ? 'now runs' : 'already runs'} ${r.mode === 'sim' ? 'its simulator' : 'the real device'}` };
    });

    app.post('/diagnostics/devices/:id/fault', async (req, reply) => {
      const user = tech(req, reply);
      if (!user) return reply;
      const p = IdParam.safeParse(req.params);
      const b = FaultBody.safeParse(req.body ?? {});
      if (!p.success) return reply.code(404).send({ error: 'no such device: printer, terminal or scanner' });
      if (!b.success) return reply.code(400).send({ error: `send {"fault":"paper-out"} or {"fault":"clear"} (${issues(b.error)})` });
      const r = await injectFault(ctx.hardware, p.data.id, b.data.fault);
      if (!r.ok) return reply.code(r.status).send({ ok: false, message: r.reason });
      appendEvent(ctx.db, { kind: 'diagnostics.fault', subject: p.data.id, payload: { fault: b.data.fault, by: user.id } });
      ctx.log.warn({ device: p.data.id, fault: b.data.fault, by: user.id }, `fault injected into the ${p.data.id} simulator: ${b.data.fault}`);
      return { ok: true, message: r.message };
    });

    app.post('/diagnostics/printer/test-print', async (req, reply) => {
      const user = tech(req, reply);
      if (!user) return reply;
      return answer(reply, await testPrint(ctx, by(user)));
    });
    app.post('/diagnostics/printer/status', async (req, reply) => {
      if (!tech(req, reply)) return reply;
      return answer(reply, await printerStatus(ctx));
    });
    app.get('/diagnostics/printer/jobs', async (req, reply) => {
      if (!tech(req, reply)) return reply;
      reply.header('Cache-Control', 'no-store');
      return printedJobs(ctx.hardware.printer, '/api/diagnostics/printer/jobs');
    });
    app.get('/diagnostics/printer/jobs/:file', async (req, reply) => {
      if (!tech(req, reply)) return reply;
      const m = /^(\d{1,9})\.png$/.exec((req.params as { file?: string }).file ?? '');
      const png = m ? printedImage(ctx.hardware.printer, Number(m[1])) : null;
      if (!png) return reply.code(404).send({ error: 'no such printed job (only the last 20 are kept)' });
      return reply.header('Cache-Control', 'no-store').type('image/png').send(png);
    });

    app.post('/diagnostics/terminal/status', async (req, reply) => {
      if (!tech(req, reply)) return reply;
      return answer(reply, await terminalStatus(ctx));
    });
    app.post('/diagnostics/terminal/end-of-day', async (req, reply) => {
      const user = tech(req, reply);
      if (!user) return reply;
      return answer(reply, await endOfDay(ctx, user.id));
    });
    app.post('/diagnostics/payments/test', async (req, reply) => {
      const user = tech(req, reply);
      if (!user) return reply;
      const b = TestPaymentBody.safeParse(req.body ?? {});
      if (!b.success)
        return reply
          .code(400)
          .send({ ok: false, message: `confirm the test payment: send {"confirm":true,"amountMinor":${testAmount(ctx).amountMinor}} (${issues(b.error)})` });
      return answer(reply, await testPayment(ctx, by(user), b.data.amountMinor));
    });

    app.get('/diagnostics/scanner/recent', async (req, reply) => {
      if (!tech(req, reply)) return reply;
      return { scans: watch.seen.slice().reverse() };
    });
    // Long poll: answers with the next code read, or null after `ms` (at most 30 s).
    app.post('/diagnostics/scanner/wait', async (req, reply) => {
      if (!tech(req, reply)) return reply;
      const ms = Math.min(30_000, Math.max(100, Number((req.query as { ms?: string }).ms ?? 20_000) || 20_000));
      const ac = new AbortController();
      // The page went away (reply.raw closes early): stop waiting for it.
      reply.raw.on('close', () => ac.abort());
      const scan = await watch.next(ms, ac.signal);
      return { scan, message: scan ? 'code read' : `nothing scanned within ${Math.round(ms / 1000)} s` };
    });

    // Simulator only: a code "scanned" from the page, through the same path as a real scan.
    app.post('/diagnostics/scanner/inject', async (req, reply) => {
      const user = tech(req, reply);
      if (!user) return reply;
      const b = InjectBody.safeParse(req.body ?? {});
      if (!b.success) return reply.code(400).send({ ok: false, message: `send {"text":"RDV1:…"} (${issues(b.error)})` });
      const sim = ctx.hardware.scanner.sim;
      if (!sim)
        return reply.code(409).send({ ok: false, message: 'the scanner is not running its simulator: scan a real code, or switch it to the simulator' });
      const next = watch.next(5000);
      if (!sim.inject(b.data.text))
        return reply.code(409).send({ ok: false, message: `the scanner simulator does not read now (${sim.status.detail}): clear its fault first` });
      const scan = await next;
      // A repeat of the same code within the dedupe window is dropped, as a real scanner's would be.
      return {
        ok: true,
        message: scan
          ? `scanner simulator read it: ${scan.decoded.summary}`
          : 'the scanner dropped it as a repeat of the previous code (same code within a second)',
        data: scan,
      };
    });

    app.get('/diagnostics/logs', async (req, reply) => {
      if (!tech(req, reply)) return reply;
      const q = req.query as { device?: string; lines?: string };
      const device = q.device && DeviceKind.safeParse(q.device).success ? q.device : undefined;
      reply.header('Cache-Control', 'no-store');
      return tailLog(ctx.config.dataDir, { ...(device ? { device } : {}), lines: Math.min(1000, Number(q.lines ?? 200) || 200) });
    });

    app.get('/diagnostics/journal', async (req, reply) => {
      if (!tech(req, reply)) return reply;
      const q = req.query as { kind?: string; limit?: string };
      const payments = paymentsOf(ctx);
      reply.header('Cache-Control', 'no-store');
      return {
        ...journalView(ctx.db, { limit: Math.min(1000, Number(q.limit ?? 100) || 100), ...(q.kind ? { kind: q.kind } : {}) }),
        lock: payments?.lockState() ?? null,
        canSettle: payments !== undefined,
      };
    });
    app.get('/diagnostics/journal/:file', async (req, reply) => {
      if (!tech(req, reply)) return reply;
      const m = /^([a-z-]+)\.csv$/.exec((req.params as { file?: string }).file ?? '');
      const table = m && (CSV_TABLES as readonly string[]).includes(m[1]!) ? (m[1] as CsvTable) : null;
      if (!table) return reply.code(404).send({ error: `no such export: ${CSV_TABLES.map((t) => `${t}.csv`).join(', ')}` });
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('Cache-Control', 'no-store')
        .header('Content-Disposition', `attachment; filename="${ctx.config.kioskId}-${table}-${day}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(journalCsv(ctx.db, table));
    });
    app.post('/diagnostics/payments/:pid/settle', async (req, reply) => {
      const user = tech(req, reply);
      if (!user) return reply;
      const payments = paymentsOf(ctx);
      if (!payments)
        return reply.code(503).send({ ok: false, message: 'the payment service is not running in this daemon yet: payments cannot be settled here' });
      const id = (req.params as { pid?: string }).pid ?? '';
      const b = SettleBody.safeParse(req.body ?? {});
      if (!b.success) return reply.code(400).send({ ok: false, message: issues(b.error) });
      const decision =
        b.data.outcome === 'approved'
          ? { outcome: 'approved' as const, authCode: b.data.authCode }
          : { outcome: 'not-charged' as const, force: b.data.force === true };
      const r = payments.reconciler.settle(id, decision, by(user), b.data.reason);
      if (!r.ok) return reply.code(r.reason === 'not-found' ? 404 : r.reason === 'invalid' ? 400 : 409).send({ ok: false, message: r.detail });
      return { ok: true, message: `payment ${id} settled as ${b.data.outcome}`, data: { payment: paymentRow(r.payment), lock: r.lock } };
    });
  };
}
