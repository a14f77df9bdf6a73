// /api/openapi.json: an OpenAPI 3.1 document of the queue and auth routes, generated from the zod
// schemas in shared/queue-api.ts, so it cannot drift from what the routes validate and send.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import {
  BoardView,
  CallTicketBody,
  CounterList,
  CounterView,
  IssuedTicket,
  IssueTicketBody,
  LoginBody,
  Me,
  QueueError,
  TicketDetail,
  TicketRef,
  TransferBody,
} from '../../shared/queue-api';

interface Op {
  method: 'get' | 'post';
  path: string;
  summary: string;
  roles?: string[];
  body?: z.ZodType;
  response: z.ZodType;
  status?: number;
  errors: number[];
}

const OK = z.object({ ok: z.literal(true) });
const counterAction = (path: string, summary: string, body: z.ZodType = TicketRef, errors = [400, 401, 403, 409]): Op => ({
  method: 'post',
  path,
  summary,
  roles: ['staff', 'supervisor'],
  body,
  response: CounterView,
  errors,
});

export const OPERATIONS: Op[] = [
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in with a counter and a PIN; sets the HttpOnly session cookie',
    body: LoginBody,
    response: Me,
    errors: [400, 401, 429],
  },
  { method: 'post', path: '/api/auth/logout', summary: 'Sign out and clear the session cookie', response: OK, errors: [] },
  { method: 'get', path: '/api/auth/me', summary: 'Who is signed in, at which counter, until when', response: Me, errors: [401] },
  { method: 'get', path: '/api/queue/counters', summary: 'Counters and services (for the sign-in screen)', response: CounterList, errors: [] },
  {
    method: 'get',
    path: '/api/queue/board',
    summary: 'What the lobby board shows: current call, last calls, waiting per service',
    response: BoardView,
    errors: [],
  },
  {
    method: 'post',
    path: '/api/queue/tickets',
    summary: 'Issue a ticket (staff; the kiosk flow calls the service directly)',
    roles: ['staff', 'supervisor'],
    body: IssueTicketBody,
    response: IssuedTicket,
    status: 201,
    errors: [400, 401, 403, 409],
  },
  {
    method: 'get',
    path: '/api/queue/tickets/{id}',
    summary: 'A ticket with its events and the times derived from them',
    roles: ['staff', 'supervisor'],
    response: TicketDetail,
    errors: [401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/queue/counter',
    summary: 'The signed-in counter: current ticket and waiting list in calling order',
    roles: ['staff', 'supervisor'],
    response: CounterView,
    errors: [401, 403, 409],
  },
  counterAction('/api/queue/counter/call-next', 'Call the next ticket by the calling order'),
  counterAction('/api/queue/counter/call', 'Call one waiting ticket out of order', CallTicketBody),
  counterAction('/api/queue/counter/recall', 'Call the current ticket again (the board announces it again)'),
  counterAction('/api/queue/counter/start', 'The visitor arrived: service starts'),
  counterAction('/api/queue/counter/finish', 'Service finished'),
  counterAction('/api/queue/counter/no-show', 'The visitor did not come (after the configured recalls)'),
  counterAction('/api/queue/counter/transfer', 'Send the ticket to another service; it keeps its number and arrival', TransferBody),
  counterAction('/api/queue/counter/pause', 'Pause the counter: it calls no ticket until resumed'),
  counterAction('/api/queue/counter/resume', 'Resume the counter'),
];

function schema(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorSchema = schema(QueueError, 'output');
  for (const op of OPERATIONS) {
    const responses: Record<string, unknown> = {
      [String(op.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: schema(op.response, 'output') } } },
    };
    for (const e of op.errors) responses[String(e)] = { description: ERROR_TEXT[e] ?? 'refused', content: { 'application/json': { schema: errorSchema } } };
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      ...(op.path.includes('{id}') ? { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] } : {}),
      ...(op.roles ? { security: [{ session: [] }], 'x-roles': op.roles } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(op.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Consulate kiosk — queue and staff API',
      version,
      description:
        'Counter actions act on the counter of the signed-in session. Changes are announced over /api/ws as {"type":"changed","topic":"queue"}; pages then re-read.',
    },
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'staff_counter',
          description: 'one cookie per staff page (staff_counter, staff_diagnostics, staff_reports); pages also send X-Kiosk-App naming themselves',
        },
      },
    },
    paths,
  };
}

const ERROR_TEXT: Record<number, string> = {
  400: 'the request is not right (the message names the field)',
  401: 'not signed in, wrong PIN, or the session ended',
  403: 'signed in with a role that may not do this',
  404: 'no such ticket',
  409: 'not possible in the current state (the reason says why and what to do)',
  429: 'too many wrong PINs: wait and try again',
};

export function openApiRoute(version: string): FastifyPluginAsync {
  const doc = openApiDocument(version);
  return async (app) => {
    app.get('/openapi.json', async () => doc);
  };
}
