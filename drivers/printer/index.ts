// The printer driver's public entry: what the rest of the app (server/devices/, the CLI commands) may use.
export { PrinterService, type PrintJob, type PrintOptions, type PrintResult, type Ready } from './service';
export type { PrinterState, PrinterStatus } from './status';
// The encoder (@point-of-sale/receipt-printer-encoder and qrcode, 280 KB of the build) is loaded by the first
// ticket, receipt or page composed, not by the daemon's start (issue 14). The promise is kept: an import() of a module
// already loaded still asks the module loader to resolve it again, and from the sources that is a round trip to tsx's
// loader thread on every ticket and receipt.
const importEncoder = () => import('./encode');
let encoder: ReturnType<typeof importEncoder> | null = null;
export const loadEncoder = () => (encoder ??= importEncoder());
export type { EncodeOptions, EncodeStats } from './encode';
export { PAPERS, type Paper, type PrintBlock } from '../../shared/print-blocks';
export { resolveModel } from './models';
export { testPageBlocks } from './test-page';
export { createTransport, parsePrinterUrl } from './transports/url';
export { FAULTS, VirtualPrinter, type FaultName, type SimJob } from './sim/virtual-printer';
export { attachSerial } from './sim/serial';
export { listenTcp, type SimTcpServer } from './sim/tcp-server';
