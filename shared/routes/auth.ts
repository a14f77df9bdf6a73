// /api/auth/*: staff sign-in. The session token travels only in the HttpOnly cookie of the page that signed in.
import { LoginBody, Me } from '../queue-api';
import { RevokeBody, RevokeParams, Revoked, StaffSessionList } from '../sessions-api';
import { Done, Refusal } from './answers';
import { declare } from './define';

export const authRoutes = {
  login: declare({
    method: 'POST',
    path: '/api/auth/login',
    summary: 'Sign in with a PIN (and a counter on the counter page); sets the HttpOnly session cookie of the calling page',
    body: LoginBody,
    responses: { 200: Me, 400: Refusal, 401: Refusal, 403: Refusal, 429: Refusal },
  }),
  logout: declare({
    method: 'POST',
    path: '/api/auth/logout',
    summary: 'Sign the calling staff page out (the kiosk page: every staff page of this browser); clears the cookies',
    responses: { 200: Done },
  }),
  me: declare({
    method: 'GET',
    path: '/api/auth/me',
    summary: 'Who is signed in, at which counter, until when',
    responses: { 200: Me, 401: Refusal },
  }),
  sessions: declare({
    method: 'GET',
    path: '/api/auth/sessions',
    summary: 'Open staff sessions: who, at which counter and page, since when, last seen (supervisor)',
    roles: ['supervisor'],
    page: 'reports',
    responses: { 200: StaffSessionList, 401: Refusal, 403: Refusal },
  }),
  revokeSession: declare({
    method: 'POST',
    path: '/api/auth/sessions/:id/revoke',
    summary: "End a staff session now (journaled with who ended whose); its next request is refused with the supervisor's reason",
    roles: ['supervisor'],
    page: 'reports',
    params: RevokeParams,
    body: RevokeBody,
    responses: { 200: Revoked, 400: Refusal, 401: Refusal, 403: Refusal, 404: Refusal },
  }),
} as const;
