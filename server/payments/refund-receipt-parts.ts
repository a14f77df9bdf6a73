// The daemon's wiring of the refund receipt and the supervisor's refund desk (issue 17), in one small function so
// that server/daemon.ts gains two lines: the print after a refund (given to the refund route) and the desk's routes.
import type { FastifyRequest } from 'fastify';
import type { KioskConfig } from '../config/schema';
import type { Db } from '../../store/db';
import type { Devices } from '../devices/setup';
import type { Payments } from './index';
import type { AuthorizeResult, PaymentRole } from './routes';
import { printRefundReceipt } from './refund-receipt';
import type { SupervisorRoutesDeps } from './supervisor-routes';
import { reprintCardReceipt } from '../diagnostics/card-receipt';

export function refundReceiptParts(o: {
  config: KioskConfig;
  db: Db;
  hardware: Devices;
  payments: Payments;
  authorize: (req: FastifyRequest, roles: readonly PaymentRole[]) => AuthorizeResult | Promise<AuthorizeResult>;
}): { print: SupervisorRoutesDeps['printRefundReceipt']; desk: SupervisorRoutesDeps } {
  const print: SupervisorRoutesDeps['printRefundReceipt'] = (refundId, p) =>
    printRefundReceipt({ db: o.db, consulate: o.config.consulate, printer: () => o.hardware.printer }, refundId, p);
  return {
    print,
    desk: {
      db: o.db,
      timeZone: o.config.consulate.timeZone,
      authorize: o.authorize,
      chooseMethod: (p) => o.payments.refunds.chooseMethod(p, undefined),
      printRefundReceipt: print,
      reprintCardReceipt: async (paymentId, by) => {
        const r = await reprintCardReceipt({ config: o.config, db: o.db, hardware: o.hardware, payments: o.payments }, paymentId, by);
        return { printed: r.ok, detail: r.message, ...(r.status ? { status: r.status } : {}) };
      },
    },
  };
}
