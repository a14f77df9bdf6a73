// /api/queue/*: the board's read (public), the counters list (public, for the sign-in screen), and the
// staff actions. Counter actions act on the counter of the signed-in session, never on one named by the page.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodError } from 'zod';
import {
  BoardView,
  CallTicketBody,
  CounterList,
  CounterView,
  IssuedTicket,
  IssueTicketBody,
  TicketDetail,
  TicketRef,
  TransferBody,
} from '../../shared/queue-api';
import type { Auth } from '../auth/auth';
import { badBody, sendFailure } from './http';
import type { QueueResult, QueueService } from './service';

export interface QueueRouteDeps {
  service: QueueService;
  auth: Auth;
}

const COUNTER_ROLES = ['staff', 'supervisor'] as const;

export function queueRoutes({ service, auth }: QueueRouteDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/queue/counters', async () =>
      CounterList.parse({ counters: service.counters, services: service.serviceList.map((s) => ({ code: s.code, prefix: s.prefix, name: s.name })) }),
    );

    app.get('/queue/board', async (_req, reply) => {
      reply.header('Cache-Control', 'no-store');
      return BoardView.parse(service.boardView());
    });

    app.post('/queue/tickets', { preHandler: auth.requireRole(...COUNTER_ROLES) }, async (req, reply) => {
      const body = IssueTicketBody.safeParse(req.body ?? {});
      if (!body.success) return badBody(reply, body.error);
      const a = auth.authorize(req, COUNTER_ROLES);
      const { slot, priority, ...rest } = body.data;
      const r = service.issueTicket({ ...rest, ...(slot ? { slot } : {}), ...(priority ? { priority } : {}) }, { id: a.ok ? a.user.id : 'staff' });
      if (!r.ok) return sendFailure(reply, r);
      return reply.code(201).send(IssuedTicket.parse({ ticket: r.ticket, ahead: r.ahead, estimatedWaitMinutes: r.estimatedWaitMinutes }));
    });

    app.get<{ Params: { id: string } }>('/queue/tickets/:id', { preHandler: auth.requireRole(...COUNTER_ROLES) }, async (req, reply) => {
      const r = service.ticketDetail(req.params.id);
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

    app.get('/queue/counter', async (req, reply) => {
      const c = counterOf(req, reply);
      if (!c) return reply;
      return view(reply, c.counter, c.user);
    });

    /** Every counter action answers with the fresh counter view, so the console needs no second read. */
    const action = <B>(
      path: string,
      schema: { safeParse: (x: unknown) => { success: true; data: B } | { success: false; error: ZodError } },
      run: (counter: string, actor: { id: string }, body: B) => QueueResult<object>,
    ) => {
      app.post(path, async (req, reply) => {
        const c = counterOf(req, reply);
        if (!c) return reply;
        const body = schema.safeParse(req.body ?? {});
        if (!body.success) return badBody(reply, body.error);
        const r = run(c.counter, { id: c.user.id }, body.data);
        if (!r.ok) return sendFailure(reply, r);
        return view(reply, c.counter, c.user);
      });
    };

    action('/queue/counter/call-next', TicketRef, (counter, actor) => service.callNext(counter, actor));
    action('/queue/counter/call', CallTicketBody, (counter, actor, b) => service.callTicket(counter, b.ticketId, actor));
    action('/queue/counter/recall', TicketRef, (counter, actor, b) => service.recall(counter, actor, b.ticketId));
    action('/queue/counter/start', TicketRef, (counter, actor, b) => service.start(counter, actor, b.ticketId));
    action('/queue/counter/finish', TicketRef, (counter, actor, b) => service.finish(counter, actor, b.ticketId));
    action('/queue/counter/no-show', TicketRef, (counter, actor, b) => service.noShow(counter, actor, b.ticketId));
    action('/queue/counter/transfer', TransferBody, (counter, actor, b) => service.transfer(counter, actor, b.service, b.ticketId));
    action('/queue/counter/pause', TicketRef, (counter, actor) => service.pause(counter, actor));
    action('/queue/counter/resume', TicketRef, (counter, actor) => service.resume(counter, actor));
  };
}
