// /api/reports/*: the supervisor's page. Every route but /reports/me needs a supervisor session.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { Routes } from '../../shared/routes/index';
import { issuesText, route } from '../http/route';
import type { KioskConfig } from '../config/schema';
import type { Db } from '../../store/db';
import type { Auth } from '../auth/auth';
import type { Devices } from '../devices/setup';
import type { PushHub } from '../http/push';
import { addCorrection, correctionsOf, getDayClose, type DayClose } from '../../store/day-close';
import { loadEncoder, resolveModel } from '../devices/index';
import { PAPERS } from '../../shared/print-blocks';
import { closeDay, parseEntryLines, previewDay, type CloseInput, type DayCloseDeps } from './day-close';
import { dayCloseCsv, dayCloseDoc } from './day-close-doc';
import { renderBlocks, renderPdf } from './document';
import { reportStats } from './stats';
import { postDay } from './post-day';
import { statsCsv } from './stats-csv';
import { isDay, periodBounds } from './period';

const bad = (e: z.ZodError) => ({ status: 400, body: { error: issuesText(e) } });
const noSuchClose = { error: 'no such day close: reload the page' };
const MAX_PERIOD_DAYS = 366;

/** What the supervisor's reports use: the journal, the terminal and printer, staff sessions, the consulate. */
export interface ReportsDeps {
  config: Pick<KioskConfig, 'consulate' | 'kioskId'>;
  db: Db;
  auth: Pick<Auth, 'authorize' | 'session'>;
  hardware: Pick<Devices, 'terminal' | 'printer'>;
  push: Pick<PushHub, 'broadcast'>;
  /** What this daemon's own payments are listed as among the post's kiosks (default: its kioskId). */
  localId?: string;
}

export function reportsRoutes(ctx: ReportsDeps): FastifyPluginAsync {
  return async (app) => {
    const supervisor = (req: FastifyRequest, reply: FastifyReply) => {
      const who = ctx.auth.authorize(req, ['supervisor']);
      if (!who.ok) {
        void reply.code(who.status).send({ error: who.detail, reason: who.reason });
        return null;
      }
      return who.user;
    };
    const deps = (): DayCloseDeps => ({
      db: ctx.db,
      timeZone: ctx.config.consulate.timeZone,
      currency: ctx.config.consulate.currency,
      terminalId: 'terminal',
      terminal: ctx.hardware.terminal,
    });
    const consulate = () => ctx.config.consulate.name.fr ?? ctx.config.consulate.code;
    /** The report's heading names the consulate in French and, when the config has it, in Arabic. */
    const consulateLines = () => [consulate(), ...(ctx.config.consulate.name.ar ? [ctx.config.consulate.name.ar] : [])];
    /** A close id that is not a number is "no such close" too. */
    const closeId = { guard: supervisor, invalid: { params: () => ({ status: 404, body: noSuchClose }) } };
    const closeOr404 = (id: number, reply: FastifyReply): DayClose | null => {
      const close = getDayClose(ctx.db, id);
      if (!close) void reply.code(404).send(noSuchClose);
      return close ?? null;
    };
    const print = async (close: DayClose) => {
      const p = ctx.hardware.printer;
      const model = resolveModel(p.model);
      if (!model.ok) return { ok: false, message: model.reason };
      const doc = dayCloseDoc(close, correctionsOf(ctx.db, close.id), consulateLines(), ctx.config.consulate.timeZone);
      const { encodeBlocks } = await loadEncoder();
      const { bytes } = encodeBlocks(renderBlocks(doc, PAPERS[p.paperWidth].columns), { paper: p.paperWidth, model: model.model, nativeQr: p.nativeQr });
      const r = await p.service.print({
        id: `day-close-${close.id}-${Date.now().toString(36)}`,
        kind: 'day-close',
        subject: `${close.businessDay}/${close.terminalId}`,
        bytes,
      });
      return r.ok
        ? { ok: true, message: `day-close report printed (${bytes.length} bytes)` }
        : { ok: false, message: `the day-close report was not printed: ${r.reason}` };
    };

    route(app, Routes.reportsMe, async ({ req, reply }) => {
      reply.header('Cache-Control', 'no-store');
      const s = ctx.auth.session(req);
      return {
        user: s && s.user.role === 'supervisor' ? s.user : null,
        timeZone: ctx.config.consulate.timeZone,
        currency: ctx.config.consulate.currency,
        consulate: consulate(),
      };
    });

    route(app, Routes.day, { guard: supervisor, invalid: { query: bad } }, async ({ reply, query }) => {
      const r = previewDay(deps(), query.day);
      if ('ok' in r) return reply.code(400).send({ error: r.reason });
      return r;
    });

    route(app, Routes.closeDay, { guard: supervisor, invalid: { body: bad } }, async ({ reply, user, body }) => {
      let input: CloseInput;
      if (body.source === 'entered') {
        const lines = parseEntryLines(body.lines ?? '', deps().currency);
        if (!lines.ok) return reply.code(400).send({ error: lines.reason });
        input = { source: 'entered', totalMinor: body.totalMinor, count: body.count, entries: lines.entries };
      } else input = { source: body.source };
      const r = await closeDay(deps(), body.day, body.terminalId, input, `${user.name} (${user.id})`);
      if (!r.ok)
        return reply
          .code(r.reason === 'already-closed' || r.reason === 'pending' ? 409 : r.reason === 'terminal' ? 502 : 400)
          .send({ error: r.detail, code: r.reason, ...(r.pending ? { pending: r.pending } : {}), ...(r.close ? { closeId: r.close.id } : {}) });
      ctx.push.broadcast({ type: 'changed', topic: 'reports' });
      const printed = body.print === false ? null : await print(r.close);
      return { close: r.close, corrections: [], printed };
    });

    route(app, Routes.dayClose, closeId, async ({ reply, params }) => {
      const close = closeOr404(params.id, reply);
      if (!close) return reply;
      return { close, corrections: correctionsOf(ctx.db, close.id) };
    });

    route(app, Routes.correction, { ...closeId, invalid: { ...closeId.invalid, body: bad } }, async ({ reply, user, params, body }) => {
      const close = closeOr404(params.id, reply);
      if (!close) return reply;
      const r = addCorrection(ctx.db, close.id, { ...body, by: `${user.name} (${user.id})` });
      if (!r.ok) return reply.code(400).send({ error: r.detail });
      return { correction: r.correction, corrections: correctionsOf(ctx.db, close.id) };
    });

    route(app, Routes.printClose, closeId, async ({ reply, params }) => {
      const close = closeOr404(params.id, reply);
      if (!close) return reply;
      const r = await print(close);
      if (!r.ok) void reply.code(502);
      return r;
    });

    route(app, Routes.closePdf, closeId, async ({ reply, params }) => {
      const close = closeOr404(params.id, reply);
      if (!close) return reply;
      const pdf = await renderPdf(dayCloseDoc(close, correctionsOf(ctx.db, close.id), consulateLines(), ctx.config.consulate.timeZone));
      return reply
        .header('Content-Type', 'application/pdf')
        .header('Content-Disposition', `attachment; filename="day-close-${close.businessDay}-${close.terminalId}.pdf"`)
        .header('Cache-Control', 'no-store')
        .send(pdf);
    });

    route(app, Routes.closeCsv, closeId, async ({ reply, params }) => {
      const close = closeOr404(params.id, reply);
      if (!close) return reply;
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="day-close-${close.businessDay}-${close.terminalId}.csv"`)
        .header('Cache-Control', 'no-store')
        .send(dayCloseCsv(close, correctionsOf(ctx.db, close.id)));
    });

    const period = ({ from, to }: { from: string; to: string }, reply: FastifyReply) => {
      if (!isDay(from) || !isDay(to) || to < from) {
        void reply.code(400).send({ error: 'choose a period: from and to are dates YYYY-MM-DD, from not after to' });
        return null;
      }
      if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_PERIOD_DAYS) {
        void reply.code(400).send({ error: `choose at most ${MAX_PERIOD_DAYS} days` });
        return null;
      }
      const tz = ctx.config.consulate.timeZone;
      return { ...periodBounds(from, to, tz), timeZone: tz, first: from, last: to };
    };

    /** A single day's report also says, per kiosk, whether that day is closed. */
    const statsOpts = (p: { first: string; last: string }) => ({ localId: ctx.localId ?? ctx.config.kioskId, ...(p.first === p.last ? { day: p.first } : {}) });

    route(app, Routes.postDay, { guard: supervisor, invalid: { query: bad } }, async ({ reply, query }) => {
      if (!isDay(query.day)) return reply.code(400).send({ error: 'choose a day: YYYY-MM-DD' });
      const tz = ctx.config.consulate.timeZone;
      return postDay(ctx.db, query.day, periodBounds(query.day, query.day, tz), { localId: ctx.localId ?? ctx.config.kioskId });
    });

    route(app, Routes.stats, { guard: supervisor, invalid: { query: bad } }, async ({ reply, query }) => {
      const p = period(query, reply);
      if (!p) return reply;
      return { first: p.first, last: p.last, stats: reportStats(ctx.db, p, statsOpts(p)) };
    });

    route(app, Routes.statsCsv, { guard: supervisor, invalid: { query: bad } }, async ({ reply, query }) => {
      const p = period(query, reply);
      if (!p) return reply;
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="report-${p.first}-${p.last}.csv"`)
        .header('Cache-Control', 'no-store')
        .send(statsCsv(reportStats(ctx.db, p, statsOpts(p)), ctx.config.consulate.currency));
    });
  };
}
