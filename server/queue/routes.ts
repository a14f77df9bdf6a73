// /api/queue/*: the board's read (public), the counters list (public, for the sign-in screen), and the
// staff actions. Counter actions act on the counter of the signed-in session, never on one named by the page.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { BoardView, CounterList, CounterView, IssuedTicket, TicketDetail } from '../../shared/queue-api';
import { Routes, type BodyOf } from '../../shared/routes/index';
import { route } from '../http/route';
import type { Auth } from '../auth/auth';
import { sendFailure } from './http';
import type { QueueResult, QueueService } from './service';

export interface QueueRouteDeps {
  service: QueueService;
  auth: Auth;
  /** Sends the pushes of the changes made so far now, instead of after this turn of the event loop. */
  pushNow?: () => void;
}

const COUNTER_ROLES = ['staff', 'supervisor'] as const;
type CounterAction = (typeof Routes)[
  'callNext' | 'call' | 'recall' | 'start' | 'finish' | 'noShow' | 'transfer' | 'hold' | 'recallHeld' | 'priority' | 'pause' | 'resume'];

export function queueRoutes({ service, auth, pushNow }: QueueRouteDeps): FastifyPluginAsync {
  return async (app) => {
    route(app, Routes.counters, async () =>
      CounterList.parse({ counters: service.counters, services: service.serviceList.map((s) => ({ code: s.code, prefix: s.prefix, name: s.name })) }),
    );

    route(app, Routes.board, async ({ reply }) => {
      reply.header('Cache-Control', 'no-store');
      return BoardView.parse(service.boardView());
    });

    route(app, Routes.issueTicket, { fastify: { preHandler: auth.requireRole(...COUNTER_ROLES) } }, async ({ req, reply, body }) => {
      const a = auth.authorize(req, COUNTER_ROLES);
      const { slot, priority, priorityRequest, ...rest } = body;
      const r = service.issueTicket(
        { ...rest, ...(slot ? { slot } : {}), ...(priority ? { priority } : {}), ...(priorityRequest ? { priorityRequest } : {}) },
        { id: a.ok ? a.user.id : 'staff' },
      );
      if (!r.ok) return sendFailure(reply, r);
      return reply.code(201).send(IssuedTicket.parse({ ticket: r.ticket, ahead: r.ahead, estimatedWaitMinutes: r.estimatedWaitMinutes }));
    });

    route(app, Routes.ticket, { fastify: { preHandler: auth.requireRole(...COUNTER_ROLES) } }, async ({ reply, params }) => {
      const r = service.ticketDetail(params.id);
      if (!r.ok) return sendFailure(reply, r);
      return TicketDetail.parse(r.detail);
    });

    /** The signed-in counter, or a 409 saying to sign in at one. */
    const counterOf = (req: FastifyRequest, reply: FastifyReply) => {
      const a = auth.authorize(req, COUNTER_ROLES);
      if (!a.ok) {
        void reply.code(a.status).send({ error: a.detail, reason: a.reason });
        return null;
      }
      if (a.session.counter === undefined) {
        void reply.code(409).send({ error: 'you are not signed in at a counter: sign out and sign in with your counter', reason: 'no-counter' });
        return null;
      }
      return { counter: a.session.counter, user: a.user };
    };

    const view = (reply: FastifyReply, counter: string, user: CounterView['user']) => {
      const v = service.counterView(counter, user);
      if (!v.ok) return sendFailure(reply, v);
      reply.header('Cache-Control', 'no-store');
      return CounterView.parse(v.view);
    };

    route(app, Routes.counter, { guard: counterOf }, async ({ reply, user: c }) => view(reply, c.counter, c.user));

    /** Every counter action answers with the fresh counter view, so the console needs no second read. */
    const action = <const D extends CounterAction>(decl: D, run: (counter: string, actor: { id: string }, body: BodyOf<D>) => QueueResult<object>) => {
      // Every action answers the same schema: register with the union so the answer is typed.
      route(app, decl as CounterAction, { guard: counterOf }, async ({ reply, user: c, body }) => {
        const r = run(c.counter, { id: c.user.id }, body as BodyOf<D>);
        if (!r.ok) return sendFailure(reply, r);
        pushNow?.();
        return view(reply, c.counter, c.user);
      });
    };

    action(Routes.callNext, (counter, actor) => service.callNext(counter, actor));
    action(Routes.call, (counter, actor, b) => service.callTicket(counter, b.ticketId, actor));
    action(Routes.recall, (counter, actor, b) => service.recall(counter, actor, b.ticketId));
    action(Routes.start, (counter, actor, b) => service.start(counter, actor, b.ticketId));
    action(Routes.finish, (counter, actor, b) => service.finish(counter, actor, b.ticketId));
    action(Routes.noShow, (counter, actor, b) => service.noShow(counter, actor, b.ticketId));
    action(Routes.transfer, (counter, actor, b) => service.transfer(counter, actor, b.service, b.ticketId));
    action(Routes.hold, (counter, actor, b) => service.hold(counter, actor, b.reason, b.ticketId));
    action(Routes.recallHeld, (counter, actor, b) => service.recallHeld(counter, actor, b.ticketId));
    action(Routes.priority, (counter, actor, b) => service.decidePriority(counter, actor, b.ticketId, b.decision, b.priority));
    action(Routes.pause, (counter, actor) => service.pause(counter, actor));
    action(Routes.resume, (counter, actor) => service.resume(counter, actor));
  };
}
