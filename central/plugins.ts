// Every feature of the central service, registered in this order by central/service.ts. One line per feature.
import type { FastifyPluginAsync } from 'fastify';
import type { CentralAppDeps } from './http/app';
import { centralJoinRoutes } from './http/join';
import { ingestPlugin } from './ingest/plugin';
import { bundlesPlugin } from './bundles/routes';
import { dashboardPlugin } from './dashboard/plugin';

export const CENTRAL_PLUGINS: ReadonlyArray<(deps: CentralAppDeps) => FastifyPluginAsync> = [
  centralJoinRoutes(), // posts' enrolment: POST /api/central/join, GET /api/central/hello
  ingestPlugin(), // posts' events: POST /api/central/events, GET /api/central/streams
  bundlesPlugin, // signed bundles: GET /api/central/bundles/latest, /bundle-key; POST /api/central/bundles/applied
  dashboardPlugin(), // the ministry's pages: /central, /central/posts/:id, /central/trends, CSV, users
];
