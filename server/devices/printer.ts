import type { KioskConfig } from '../config/schema';
import type { Db } from '../../store/db';
import type { DeviceStatus } from '../../shared/devices';
import { printJobJournal } from '../../store/print-jobs';
import {
  createTransport,
  parsePrinterUrl,
  PrinterService,
  resolveModel,
  VirtualPrinter,
  type PrinterState,
  type PrinterStatus,
} from '../../drivers/printer/index';
import { PAPERS } from '../../shared/print-blocks';
import type { Opened } from './slot';

export interface PrinterDevice {
  service: PrinterService;
  /** The in-process virtual printer when the transport is `sim` (diagnostics shows its jobs as images). */
  sim: VirtualPrinter | null;
  model: string;
  nativeQr: boolean;
  paperWidth: 80 | 58;
  close(): Promise<void>;
}

const LIGHT: Record<PrinterState, DeviceStatus> = {
  ok: 'ok',
  'near-end': 'warning',
  'paper-out': 'error',
  'cover-open': 'error',
  error: 'error',
  offline: 'offline',
  unknown: 'unknown',
};
export const printerLight = (s: PrinterStatus): DeviceStatus => LIGHT[s.state];

export function openPrinter(cfg: KioskConfig, db: Db, onStatus: (s: PrinterStatus) => void, opts: { idlePollMs?: number } = {}): Opened<PrinterDevice> {
  const p = cfg.devices.printer;
  const url = parsePrinterUrl(p.transport);
  if (!url.ok) return { ok: false, reason: `devices.printer.transport: ${url.reason}` };
  const model = resolveModel(p.model);
  if (!model.ok) return { ok: false, reason: `devices.printer.model: ${model.reason}` };
  const sim = url.address.kind === 'sim' ? new VirtualPrinter({ paperDots: PAPERS[p.paperWidth].dots, model: model.model, keepJobs: 20 }) : null;
  const transport = createTransport(url.address, sim ? { sim } : {});
  const service = new PrinterService({
    transport,
    journal: printJobJournal(db),
    idlePollMs: opts.idlePollMs ?? 5000,
    processIdSupported: model.processId,
    onStatus,
  });
  return {
    ok: true,
    device: {
      service,
      sim,
      model: p.model,
      nativeQr: model.nativeQr,
      paperWidth: p.paperWidth,
      close: async () => {
        await service.close();
        sim?.close();
      },
    },
  };
}
