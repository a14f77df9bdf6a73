// Every route of the daemon's API, declared once: the server registers and types its handlers from this
// map (server/http/route.ts), /api/openapi.json is generated from it (server/http/openapi.ts), and the
// pages call it through renderer/lib/api.ts. A route missing here stops the daemon at start-up.
import { appointmentRoutes } from './appointments';
import { authRoutes } from './auth';
import { boardRoutes } from './board';
import { checkinRoutes } from './checkin';
import { coreRoutes } from './core';
import type { RouteDecl } from './define';
import { diagnosticsRoutes } from './diagnostics';
import { paymentRoutes } from './payments';
import { postAlertRoutes } from './post-alerts';
import { postClaimRoutes } from './post-claims';
import { postEventRoutes } from './post-events';
import { postNumbersRoutes } from '../post-numbers-api';
import { postBundlesRoutes } from '../post-bundles-api';
import { postRecoverRoutes } from '../post-recover-api';
import { postTrustRoutes } from './post-trust';
import { queueRoutes } from './queue';
import { receptionRoutes } from './reception';
import { reportRoutes } from './reports';
import { supervisorRoutes } from './supervisor';

export const Routes = {
  ...coreRoutes,
  ...authRoutes,
  ...queueRoutes,
  ...boardRoutes,
  ...checkinRoutes,
  ...appointmentRoutes,
  ...paymentRoutes,
  ...reportRoutes,
  ...diagnosticsRoutes,
  ...postAlertRoutes,
  ...postClaimRoutes,
  ...postEventRoutes,
  ...postNumbersRoutes,
  ...postBundlesRoutes,
  ...postRecoverRoutes,
  ...postTrustRoutes,
  ...supervisorRoutes,
  ...receptionRoutes,
} as const satisfies Record<string, RouteDecl>;
export type Routes = typeof Routes;
export type RouteName = keyof Routes;
export * from './define';
