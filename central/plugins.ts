// Every feature of the central service, registered in this order by central/service.ts. One line per feature.
import type { FastifyPluginAsync } from 'fastify';
import type { CentralAppDeps } from './http/app';
import { dashboardPlugin } from './dashboard/plugin';

export const CENTRAL_PLUGINS: ReadonlyArray<(deps: CentralAppDeps) => FastifyPluginAsync> = [dashboardPlugin()];
