// /api/post/tokens/* (kiosks, by their credential) and /api/post/conflicts (supervisors): the hub's register of
// used appointment tokens. Served by the hub only.
import {
  AcknowledgeBody,
  ClaimAnswer,
  ConflictList,
  ConflictParams,
  ProvisionalAnswer,
  ProvisionalBody,
  ReleaseAnswer,
  ReleaseBody,
  TokenClaim,
} from '../post-claims-api';
import { Done, Refusal } from './answers';
import { declare } from './define';

const KIOSK_REFUSALS = { 400: Refusal, 401: Refusal, 403: Refusal } as const;

export const postClaimRoutes = {
  postTokenClaim: declare({
    method: 'POST',
    path: '/api/post/tokens/claim',
    summary: "A kiosk claims an appointment token for one visit; a retry of the same visit's claim is accepted again",
    body: TokenClaim,
    responses: { 200: ClaimAnswer, ...KIOSK_REFUSALS },
  }),
  postTokenRelease: declare({
    method: 'POST',
    path: '/api/post/tokens/release',
    summary: 'The claiming kiosk gives a token back: the visit ended before any payment',
    body: ReleaseBody,
    responses: { 200: ReleaseAnswer, ...KIOSK_REFUSALS },
  }),
  postTokenProvisional: declare({
    method: 'POST',
    path: '/api/post/tokens/provisional',
    summary: 'A kiosk uploads the claims it accepted while cut off from the hub (idempotent); a token held elsewhere is a conflict',
    body: ProvisionalBody,
    responses: { 200: ProvisionalAnswer, ...KIOSK_REFUSALS },
  }),
  postConflicts: declare({
    method: 'GET',
    path: '/api/post/conflicts',
    summary: 'Tokens checked in at two kiosks during a partition, open ones first',
    roles: ['supervisor'],
    responses: { 200: ConflictList, 401: Refusal, 403: Refusal },
  }),
  postConflictAcknowledge: declare({
    method: 'POST',
    path: '/api/post/conflicts/:id/acknowledge',
    summary: 'A supervisor has looked at both visits of a token conflict',
    roles: ['supervisor'],
    params: ConflictParams,
    body: AcknowledgeBody,
    responses: { 200: Done, 400: Refusal, 401: Refusal, 403: Refusal, 404: Refusal, 409: Refusal },
  }),
} as const;
