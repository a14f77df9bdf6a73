// The last printed tickets as pictures. A simulated printer keeps each page it printed; for a real printer
// the bytes the daemon sent are executed by a fresh VirtualPrinter, which draws what that printer was told
// to print (what it really printed, a technician checks on the paper).
import { PAPERS } from '../../shared/print-blocks';
import { resolveModel, VirtualPrinter, type SimJob } from '../devices/index';
import type { PrinterSlot } from '../devices/printer-slot';
import type { PrintedJobs } from '../../shared/diagnostics-api';

const render = (slot: PrinterSlot, bytes: Uint8Array): SimJob => {
  const model = resolveModel(slot.model);
  const vp = new VirtualPrinter({ paperDots: PAPERS[slot.paperWidth].dots, ...(model.ok ? { model: model.model } : {}), keepJobs: 1 });
  try {
    vp.receive(bytes);
    return vp.jobs.at(-1) ?? vp.finishPage('flush');
  } finally {
    vp.close();
  }
};

export function printedJobs(slot: PrinterSlot, imageBase: string): PrintedJobs {
  if (slot.sim) {
    return {
      source: 'simulator',
      jobs: slot.sim.jobs
        .slice()
        .reverse()
        .map((j) => ({
          seq: j.seq,
          at: j.at,
          kind: 'page',
          complete: j.complete,
          endedBy: j.endedBy,
          heightDots: j.heightDots,
          bytes: j.bytes.length,
          image: `${imageBase}/${j.seq}.png`,
        })),
    };
  }
  return {
    source: 'sent-to-printer',
    jobs: slot.sentJobs
      .slice()
      .reverse()
      .map((j) => ({
        seq: j.seq,
        at: j.at,
        kind: j.kind,
        complete: true,
        endedBy: 'sent',
        heightDots: 0,
        bytes: j.bytes.length,
        image: `${imageBase}/${j.seq}.png`,
      })),
  };
}

/** The PNG of one job by its number in printedJobs(), or null when it is gone. */
export function printedImage(slot: PrinterSlot, seq: number): Buffer | null {
  if (slot.sim) return slot.sim.jobs.find((j) => j.seq === seq)?.png ?? null;
  const sent = slot.sentJobs.find((j) => j.seq === seq);
  return sent ? render(slot, sent.bytes).png : null;
}
