import { KioskAlertReport } from '../post-alerts-api';
import { Done, Refusal } from './answers';
import { declare } from './define';

export const postAlertRoutes = {
  postAlert: declare({
    method: 'POST',
    path: '/api/post/alerts',
    summary: 'A kiosk of the post reports whether a visitor needs staff (kiosk credential)',
    body: KioskAlertReport,
    responses: { 200: Done, 400: Refusal, 401: Refusal, 403: Refusal },
  }),
} as const;
