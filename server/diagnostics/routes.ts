import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { KioskConfig } from '../config/schema';
import type { Db } from '../../store/db';
import type { Logger } from '../log';
import type { Auth } from '../auth/auth';
import type { DeviceRegistry } from '../devices/registry';
import type { Devices } from '../devices/setup';
import { DeviceKind } from '../../shared/devices';
import { Overview, simulatedOutsideDemo, type ActionResult } from '../../shared/diagnostics-api';
import { Routes } from '../../shared/routes/index';
import { issuesText, route } from '../http/route';
import { appendEvent } from '../../store/events';
import { configuredSim } from '../devices/modes';
import { controls, injectFault } from './faults';
import { discoverAll } from './discover';
import { diskSpace, journalBytes, lastBackup, selfTest } from './overview';
import { endOfDay, paymentsOf, printerStatus, terminalStatus, testAmount, testPayment, testPrint, type DeviceTestDeps, type TestResult } from './device-tests';
import { ScanWatch, type ScanWatchDeps } from './scan-watch';
import { printedImage, printedJobs } from './printed';
import { tailLog } from './logs';
import { reprintCardReceipt } from './card-receipt';
import { postDiagnostics, type PostSource } from '../post/diagnostics';
import { CSV_TABLES, journalCsv, journalView, paymentRow, type CsvTable } from './journal-view';

const noSuchDevice = () => ({ status: 404, body: { error: 'no such device: printer, terminal or scanner' } });
const issues = (e: z.ZodError) => issuesText(e);

/** What the technician's page reads and drives: devices, the journal, payments, logs and the config. */
export interface DiagnosticsDeps extends Omit<DeviceTestDeps, 'hardware'>, Omit<ScanWatchDeps, 'hardware'> {
  config: KioskConfig;
  db: Db;
  hardware: Devices;
  log: Logger;
  auth: Pick<Auth, 'authorize' | 'session'>;
  devices: Pick<DeviceRegistry, 'list'>;
  version: string;
  startedAt: number;
  /** The post level (issue 15): a kiosk's link to its hub, or a hub's kiosks. */
  post?: PostSource;
}

/** /api/diagnostics/*: the technician's page. Every route but /me needs a technician session. */
export function diagnosticsRoutes(ctx: DiagnosticsDeps): FastifyPluginAsync {
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
    route(app, Routes.diagMe, async ({ req, reply }) => {
      reply.header('Cache-Control', 'no-store');
      const s = ctx.auth.session(req);
      return { user: s && s.user.role === 'technician' ? s.user : null };
    });

    route(app, Routes.overview, { guard: tech }, async ({ user }) => {
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

    route(app, Routes.postDiagnostics, { guard: tech }, async ({ reply }) => {
      if (!ctx.post) return reply.code(404).send({ error: 'this daemon serves no post (no role kiosk, no post hub)' });
      return postDiagnostics(ctx.post);
    });

    route(app, Routes.discovery, { guard: tech }, async () => {
      return discoverAll(ctx.config);
    });

    const modeInvalid = {
      params: noSuchDevice,
      body: (e: z.ZodError) => ({ status: 400, body: { error: `send {"mode":"sim"} or {"mode":"real"} (${issues(e)})` } }),
    };
    route(app, Routes.deviceMode, { guard: tech, invalid: modeInvalid }, async ({ reply, user, params, body }) => {
      if (params.id === 'terminal' && paymentsOf(ctx)?.service.inFlight())
        return reply.code(409).send({ ok: false, message: 'a payment is running on the terminal: wait for its outcome, then switch' });
      const r = await ctx.hardware.switchTo(params.id, body.mode);
      if (!r.ok) return reply.code(409).send({ ok: false, message: r.reason });
      if (r.changed)
        appendEvent(ctx.db, {
          kind: 'diagnostics.device-mode',
          subject: params.id,
          payload: { mode: r.mode, by: user.id, configuredSim: configuredSim(ctx.config, params.id) },
        });
      return { ok: true, message: `${params.id} ${r.changed ? 'now runs' : 'already runs'} ${r.mode === 'sim' ? 'its simulator' : 'the real device'}` };
    });

    const faultInvalid = {
      params: noSuchDevice,
      body: (e: z.ZodError) => ({ status: 400, body: { error: `send {"fault":"paper-out"} or {"fault":"clear"} (${issues(e)})` } }),
    };
    route(app, Routes.deviceFault, { guard: tech, invalid: faultInvalid }, async ({ reply, user, params, body }) => {
      const r = await injectFault(ctx.hardware, params.id, body.fault);
      if (!r.ok) return reply.code(r.status).send({ ok: false, message: r.reason });
      appendEvent(ctx.db, { kind: 'diagnostics.fault', subject: params.id, payload: { fault: body.fault, by: user.id } });
      ctx.log.warn({ device: params.id, fault: body.fault, by: user.id }, `fault injected into the ${params.id} simulator: ${body.fault}`);
      return { ok: true, message: r.message };
    });

    route(app, Routes.testPrint, { guard: tech }, async ({ reply, user }) => {
      return answer(reply, await testPrint(ctx, by(user)));
    });
    route(app, Routes.printerStatus, { guard: tech }, async ({ reply }) => {
      return answer(reply, await printerStatus(ctx));
    });
    route(app, Routes.printedJobs, { guard: tech }, async ({ reply }) => {
      reply.header('Cache-Control', 'no-store');
      return printedJobs(ctx.hardware.printer, '/api/diagnostics/printer/jobs');
    });
    route(app, Routes.printedJob, { guard: tech }, async ({ reply, params }) => {
      const m = /^(\d{1,9})\.png$/.exec(params.file);
      const png = m ? printedImage(ctx.hardware.printer, Number(m[1])) : null;
      if (!png) return reply.code(404).send({ error: 'no such printed job (only the last 20 are kept)' });
      return reply.header('Cache-Control', 'no-store').type('image/png').send(png);
    });

    route(app, Routes.cardReceiptReprint, { guard: tech }, async ({ reply, user, params }) => {
      const r = await reprintCardReceipt(ctx, params.pid, by(user));
      return answer(reply, r, r.status ?? 200);
    });
    route(app, Routes.terminalStatus, { guard: tech }, async ({ reply }) => {
      return answer(reply, await terminalStatus(ctx));
    });
    route(app, Routes.endOfDay, { guard: tech }, async ({ reply, user }) => {
      return answer(reply, await endOfDay(ctx, user.id));
    });
    const confirmFirst = (e: z.ZodError) => ({
      status: 400,
      body: { ok: false, message: `confirm the test payment: send {"confirm":true,"amountMinor":${testAmount(ctx).amountMinor}} (${issues(e)})` },
    });
    route(app, Routes.testPayment, { guard: tech, invalid: { body: confirmFirst } }, async ({ reply, user, body }) => {
      return answer(reply, await testPayment(ctx, by(user), body.amountMinor));
    });

    route(app, Routes.scannerRecent, { guard: tech }, async () => {
      return { scans: watch.seen.slice().reverse() };
    });
    // Long poll: answers with the next code read, or null after `ms` (at most 30 s).
    route(app, Routes.scannerWait, { guard: tech }, async ({ reply, query }) => {
      const ms = Math.min(30_000, Math.max(100, Number(query.ms ?? 20_000) || 20_000));
      const ac = new AbortController();
      // The page went away (reply.raw closes early): stop waiting for it.
      reply.raw.on('close', () => ac.abort());
      const scan = await watch.next(ms, ac.signal);
      return { scan, message: scan ? 'code read' : `nothing scanned within ${Math.round(ms / 1000)} s` };
    });

    // Simulator only: a code "scanned" from the page, through the same path as a real scan.
    const sendText = (e: z.ZodError) => ({ status: 400, body: { ok: false, message: `send {"text":"RDV1:…"} (${issues(e)})` } });
    route(app, Routes.scannerInject, { guard: tech, invalid: { body: sendText } }, async ({ reply, body }) => {
      const sim = ctx.hardware.scanner.sim;
      if (!sim)
        return reply.code(409).send({ ok: false, message: 'the scanner is not running its simulator: scan a real code, or switch it to the simulator' });
      const next = watch.next(5000);
      if (!sim.inject(body.text))
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

    route(app, Routes.logs, { guard: tech }, async ({ reply, query: q }) => {
      const device = q.device && DeviceKind.safeParse(q.device).success ? q.device : undefined;
      reply.header('Cache-Control', 'no-store');
      return tailLog(ctx.config.dataDir, { ...(device ? { device } : {}), lines: Math.min(1000, Number(q.lines ?? 200) || 200) });
    });

    route(app, Routes.journal, { guard: tech }, async ({ reply, query: q }) => {
      const payments = paymentsOf(ctx);
      reply.header('Cache-Control', 'no-store');
      return {
        ...journalView(ctx.db, { limit: Math.min(1000, Number(q.limit ?? 100) || 100), ...(q.kind ? { kind: q.kind } : {}) }),
        lock: payments?.lockState() ?? null,
        canSettle: payments !== undefined,
      };
    });
    route(app, Routes.journalCsv, { guard: tech }, async ({ reply, params }) => {
      const m = /^([a-z-]+)\.csv$/.exec(params.file);
      const table = m && (CSV_TABLES as readonly string[]).includes(m[1]!) ? (m[1] as CsvTable) : null;
      if (!table) return reply.code(404).send({ error: `no such export: ${CSV_TABLES.map((t) => `${t}.csv`).join(', ')}` });
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('Cache-Control', 'no-store')
        .header('Content-Disposition', `attachment; filename="${ctx.config.kioskId}-${table}-${day}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(journalCsv(ctx.db, table));
    });
    /** A technician, and the payment service to settle with (503 before the body is read when it does not run). */
    const settler = (req: FastifyRequest, reply: FastifyReply) => {
      const user = tech(req, reply);
      if (!user) return null;
      const payments = paymentsOf(ctx);
      if (!payments) {
        void reply.code(503).send({ ok: false, message: 'the payment service is not running in this daemon yet: payments cannot be settled here' });
        return null;
      }
      return { user, payments };
    };
    const settleInvalid = { body: (e: z.ZodError) => ({ status: 400, body: { ok: false, message: issues(e) } }) };
    route(app, Routes.diagSettle, { guard: settler, invalid: settleInvalid }, async ({ reply, user: { user, payments }, params, body }) => {
      const id = params.pid;
      const decision =
        body.outcome === 'approved'
          ? { outcome: 'approved' as const, authCode: body.authCode }
          : { outcome: 'not-charged' as const, force: body.force === true };
      const r = payments.reconciler.settle(id, decision, by(user), body.reason);
      if (!r.ok) return reply.code(r.reason === 'not-found' ? 404 : r.reason === 'invalid' ? 400 : 409).send({ ok: false, message: r.detail });
      return { ok: true, message: `payment ${id} settled as ${body.outcome}`, data: { payment: paymentRow(r.payment), lock: r.lock } };
    });
  };
}
