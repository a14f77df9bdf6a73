// The printer driver's public entry: what the rest of the app (server/devices/, the CLI commands) may use.
export { PrinterService, type PrintJob, type PrintOptions, type PrintResult, type Ready } from './service';
export type { PrinterState, PrinterStatus } from './status';
// The encoder (@point-of-sale/receipt-printer-encoder and qrcode, 280 KB of the build) is loaded by the first
// ticket, receipt or page composed, not by the daemon's start (issue 14).
export const loadEncoder = () => import('./encode');
export type { EncodeOptions, EncodeStats } from './encode';
export { PAPERS, type Paper, type PrintBlock } from '../../shared/print-blocks';
export { resolveModel } from './models';
export { testPageBlocks } from './test-page';
export { createTransport, parsePrinterUrl } from './transports/url';
export { FAULTS, VirtualPrinter, type FaultName, type SimJob } from './sim/virtual-printer';
export { attachSerial } from './sim/serial';
export { listenTcp, type SimTcpServer } from './sim/tcp-server';
