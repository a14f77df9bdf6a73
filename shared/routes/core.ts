// The daemon's own routes: health, the kiosk's configuration, the push socket, this API's description.
import { z } from 'zod';
import { lazy } from '../lazy-schema';
import { HealthResponse, KioskInfo } from '../api';
import { declare } from './define';

export const coreRoutes = {
  health: declare({
    method: 'GET',
    path: '/api/health',
    summary: 'Version, uptime, every device and whether payments are held',
    responses: { 200: HealthResponse },
  }),
  kiosk: declare({
    method: 'GET',
    path: '/api/kiosk',
    summary: "The kiosk's consulate, languages, services and demo flag",
    responses: { 200: KioskInfo },
  }),
  ws: declare({
    method: 'GET',
    path: '/api/ws',
    summary:
      'WebSocket of pushes (shared/api.ts ServerPush): hello, devices, changed {topic}, checkin {view}; with ?topics=board also board {view}; ' +
      'pages send nothing',
    websocket: true,
    responses: { 101: lazy(() => z.null()) },
  }),
  openapi: declare({
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This document: every route, generated from the declarations in shared/routes/',
    responses: { 200: lazy(() => z.record(z.string(), z.unknown())) },
  }),
} as const;
