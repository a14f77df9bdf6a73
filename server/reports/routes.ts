// /api/reports/*: the supervisor's page. Every route but /reports/me needs a supervisor session.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DaemonContext } from '../context';
import { addCorrection, correctionsOf, getDayClose, type DayClose } from '../../store/day-close';
import { encodeBlocks } from '../../drivers/printer/encode';
import { PAPERS } from '../../drivers/printer/blocks';
import { resolveModel } from '../../drivers/printer/models';
import { closeDay, parseEntryLines, previewDay, type CloseInput, type DayCloseDeps } from './day-close';
import { dayCloseCsv, dayCloseDoc } from './day-close-doc';
import { renderBlocks, renderPdf } from './document';
import { reportStats } from './stats';
import { statsCsv } from './stats-csv';
import { isDay, periodBounds } from './period';

const DayQuery = z.strictObject({ day: z.string() });
const CloseBody = z.discriminatedUnion('source', [
  z.strictObject({
    day: z.string(),
    terminalId: z.string().min(1),
    source: z.literal('entered'),
    totalMinor: z.number().int(),
    count: z.number().int().min(0),
    lines: z.string().max(100_000).optional(),
    print: z.boolean().optional(),
  }),
  z.strictObject({ day: z.string(), terminalId: z.string().min(1), source: z.literal('zvt-end-of-day'), print: z.boolean().optional() }),
  z.strictObject({ day: z.string(), terminalId: z.string().min(1), source: z.literal('simulator-log'), print: z.boolean().optional() }),
]);
const CorrectionBody = z.strictObject({
  note: z.string().trim().min(3, 'say what was found and done').max(1000),
  paymentId: z.string().max(64).optional(),
  amountMinor: z.number().int().optional(),
});
const IdParam = z.strictObject({ id: z.coerce.number().int().positive() });
const PeriodQuery = z.strictObject({ from: z.string(), to: z.string() });

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
const MAX_PERIOD_DAYS = 366;

export function reportsRoutes(ctx: DaemonContext): FastifyPluginAsync {
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
      terminal: ctx.hardware.terminal.terminal,
    });
    const consulate = () => ctx.config.consulate.name.fr ?? ctx.config.consulate.code;
    const closeOr404 = (req: FastifyRequest, reply: FastifyReply): DayClose | null => {
      const p = IdParam.safeParse(req.params);
      const close = p.success ? getDayClose(ctx.db, p.data.id) : undefined;
      if (!close) {
        void reply.code(404).send({ error: 'no such day close: reload the page' });
        return null;
      }
      return close;
    };
    const print = async (close: DayClose) => {
      const p = ctx.hardware.printer;
      const model = resolveModel(p.model);
      if (!model.ok) return { ok: false, message: model.reason };
      const doc = dayCloseDoc(close, correctionsOf(ctx.db, close.id), consulate(), ctx.config.consulate.timeZone);
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

    app.get('/reports/me', async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      const s = ctx.auth.session(req);
      return {
        user: s && s.user.role === 'supervisor' ? s.user : null,
        timeZone: ctx.config.consulate.timeZone,
        currency: ctx.config.consulate.currency,
        consulate: consulate(),
      };
    });

    app.get('/reports/day', async (req, reply) => {
      if (!supervisor(req, reply)) return reply;
      const q = DayQuery.safeParse(req.query);
      if (!q.success) return reply.code(400).send({ error: issues(q.error) });
      const r = previewDay(deps(), q.data.day);
      if ('ok' in r) return reply.code(400).send({ error: r.reason });
      return r;
    });

    app.post('/reports/day/close', async (req, reply) => {
      const user = supervisor(req, reply);
      if (!user) return reply;
      const b = CloseBody.safeParse(req.body ?? {});
      if (!b.success) return reply.code(400).send({ error: issues(b.error) });
      let input: CloseInput;
      if (b.data.source === 'entered') {
        const lines = parseEntryLines(b.data.lines ?? '');
        if (!lines.ok) return reply.code(400).send({ error: lines.reason });
        input = { source: 'entered', totalMinor: b.data.totalMinor, count: b.data.count, entries: lines.entries };
      } else input = { source: b.data.source };
      const r = await closeDay(deps(), b.data.day, b.data.terminalId, input, `${user.name} (${user.id})`);
      if (!r.ok)
        return reply
          .code(r.reason === 'already-closed' || r.reason === 'pending' ? 409 : r.reason === 'terminal' ? 502 : 400)
          .send({ error: r.detail, code: r.reason, ...(r.pending ? { pending: r.pending } : {}), ...(r.close ? { closeId: r.close.id } : {}) });
      ctx.push.broadcast({ type: 'changed', topic: 'reports' });
      const printed = b.data.print === false ? null : await print(r.close);
      return { close: r.close, corrections: [], printed };
    });

    app.get('/reports/day/close/:id', async (req, reply) => {
      if (!supervisor(req, reply)) return reply;
      const close = closeOr404(req, reply);
      if (!close) return reply;
      return { close, corrections: correctionsOf(ctx.db, close.id) };
    });

    app.post('/reports/day/close/:id/corrections', async (req, reply) => {
      const user = supervisor(req, reply);
      if (!user) return reply;
      const close = closeOr404(req, reply);
      if (!close) return reply;
      const b = CorrectionBody.safeParse(req.body ?? {});
      if (!b.success) return reply.code(400).send({ error: issues(b.error) });
      const r = addCorrection(ctx.db, close.id, { ...b.data, by: `${user.name} (${user.id})` });
      if (!r.ok) return reply.code(400).send({ error: r.detail });
      return { correction: r.correction, corrections: correctionsOf(ctx.db, close.id) };
    });

    app.post('/reports/day/close/:id/print', async (req, reply) => {
      if (!supervisor(req, reply)) return reply;
      const close = closeOr404(req, reply);
      if (!close) return reply;
      const r = await print(close);
      if (!r.ok) void reply.code(502);
      return r;
    });

    app.get('/reports/day/close/:id/report.pdf', async (req, reply) => {
      if (!supervisor(req, reply)) return reply;
      const close = closeOr404(req, reply);
      if (!close) return reply;
      const pdf = renderPdf(dayCloseDoc(close, correctionsOf(ctx.db, close.id), consulate(), ctx.config.consulate.timeZone));
      return reply
        .header('Content-Type', 'application/pdf')
        .header('Content-Disposition', `attachment; filename="day-close-${close.businessDay}-${close.terminalId}.pdf"`)
        .header('Cache-Control', 'no-store')
        .send(pdf);
    });

    app.get('/reports/day/close/:id/report.csv', async (req, reply) => {
      if (!supervisor(req, reply)) return reply;
      const close = closeOr404(req, reply);
      if (!close) return reply;
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="day-close-${close.businessDay}-${close.terminalId}.csv"`)
        .header('Cache-Control', 'no-store')
        .send(dayCloseCsv(close, correctionsOf(ctx.db, close.id)));
    });

    const period = (req: FastifyRequest, reply: FastifyReply) => {
      const q = PeriodQuery.safeParse(req.query);
      if (!q.success) {
        void reply.code(400).send({ error: issues(q.error) });
        return null;
      }
      const { from, to } = q.data;
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

    app.get('/reports/stats', async (req, reply) => {
      if (!supervisor(req, reply)) return reply;
      const p = period(req, reply);
      if (!p) return reply;
      return { first: p.first, last: p.last, stats: reportStats(ctx.db, p) };
    });

    app.get('/reports/stats.csv', async (req, reply) => {
      if (!supervisor(req, reply)) return reply;
      const p = period(req, reply);
      if (!p) return reply;
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="report-${p.first}-${p.last}.csv"`)
        .header('Cache-Control', 'no-store')
        .send(statsCsv(reportStats(ctx.db, p), ctx.config.consulate.currency));
    });
  };
}
