// /api/post/join and /api/post/hello: a kiosk joining its post hub with a one-time code, and the
// authenticated greeting kiosks use for the link, certificate and clock checks (server/post/trust/).
import { HubHello, JoinAnswer, JoinBody } from '../post-trust-api';
import { Refusal } from './answers';
import { declare } from './define';

export const postTrustRoutes = {
  postJoin: declare({
    method: 'POST',
    path: '/api/post/join',
    summary: 'A kiosk joins the post with a one-time code (kiosk hub enrol): answers its credential and the post CA',
    body: JoinBody,
    responses: { 200: JoinAnswer, 400: Refusal, 403: Refusal, 429: Refusal },
  }),
  postHello: declare({
    method: 'GET',
    path: '/api/post/hello',
    summary: "A kiosk's greeting (bearer credential): its id as the hub knows it, the hub's clock and version",
    responses: { 200: HubHello, 401: Refusal, 403: Refusal },
  }),
} as const;
