// One ZVT command from the kiosk's side, to its end: send, link ACK, 80 00 00 (the terminal becomes
// master), then answer every 04 FF / 06 D1 / 06 D3 / 04 0F until 06 0F or 06 1E hands control back.
// The completion timer restarts on every frame from the terminal (the visitor may be typing a PIN).
import type { PayProgress } from '../types';
import { decodeApdu, cmd } from './apdu';
import { intermediateStatus } from './codes';
import type { ApduLink } from './link';
import { CMD, ecrAbort, negative, parsePrintLine, parseStatusInfo, positive, type StatusInfo } from './messages';
import { parseTextBlock, ReceiptCollector } from './receipt';
import type { TerminalReceipt } from '../types';

export interface CommandHooks {
  /** The terminal replied 80 00 00: it owns the command now. */
  onAccepted?: () => void;
  onProgress?: (p: PayProgress) => void;
  /** Decide a positive status information: true books it (80 00 00), false refuses (84 66 00). */
  decide?: (info: StatusInfo) => Promise<boolean>;
  /** Abort asks the terminal to stop (06 B0); the terminal may still finish. */
  signal?: AbortSignal;
  /** The wait for the end of the command, restarted by every frame (default: the link's completionMs). */
  completionMs?: number;
}

export interface CommandRun {
  end: 'not-sent' | 'refused' | 'lost' | 'completed' | 'aborted';
  reason: string;
  accepted: boolean;
  /** The code of an 84 xx 00 reply or of 06 1E. */
  code?: number;
  statusInfos: StatusInfo[];
  lines: string[];
  /** The same text as whole receipts with their copy (customer, merchant…), in the order received. */
  receipts: TerminalReceipt[];
  completionData?: Uint8Array;
  /** What we answered to the positive status information, if one came. */
  booking?: 'booked' | 'refused';
  abortRequested: boolean;
}

export async function runCommand(link: ApduLink, command: Uint8Array, hooks: CommandHooks = {}): Promise<CommandRun> {
  const t = link.timers;
  const completionMs = hooks.completionMs ?? t.completionMs;
  const receipts = new ReceiptCollector();
  const run: CommandRun = { end: 'lost', reason: '', accepted: false, statusInfos: [], lines: [], receipts: receipts.receipts, abortRequested: false };
  const sent = await link.sendApdu(command);
  if (sent.kind === 'refused') return { ...run, end: 'not-sent', reason: `terminal refused the frame with NAK ${sent.naks} times` };
  if (sent.kind === 'closed') return { ...run, end: 'not-sent', reason: `line lost before the command was taken: ${sent.reason}` };
  if (sent.kind === 'no-ack') {
    return sent.heardSomething
      ? { ...run, end: 'lost', reason: 'terminal sent unreadable bytes instead of ACK: it may have taken the command' }
      : { ...run, end: 'not-sent', reason: 'no ACK from the terminal: check cable, port, 9600 8N2 and that the ECR interface is enabled' };
  }

  let first: Uint8Array | undefined;
  const reply = await link.receiveApdu(t.replyMs);
  const taken = link.transport === 'tcp' ? 'command written to the connection' : 'terminal ACKed the command';
  if (reply.kind !== 'apdu') return { ...run, end: 'lost', reason: `${taken} but no 80 00 00 reply came (${describe(reply)})` };
  const r = decodeApdu(reply.bytes);
  if (r.ok && r.apdu.cls === 0x84) return { ...run, end: 'refused', code: r.apdu.ins, reason: 'terminal refused the command' };
  run.accepted = true;
  hooks.onAccepted?.();
  if (!(r.ok && r.apdu.cls === 0x80)) first = reply.bytes;

  let deadline = Date.now() + completionMs;
  for (;;) {
    let bytes: Uint8Array;
    if (first) {
      bytes = first;
      first = undefined;
    } else {
      const w = await link.receiveApdu(deadline - Date.now(), run.abortRequested ? undefined : hooks.signal);
      if (w.kind === 'aborted') {
        run.abortRequested = true;
        await link.sendApdu(ecrAbort());
        continue;
      }
      if (w.kind !== 'apdu') return { ...run, receipts: receipts.done(), end: 'lost', reason: `no completion from the terminal (${describe(w)})` };
      bytes = w.bytes;
    }
    const d = decodeApdu(bytes);
    if (!d.ok) {
      await link.sendApdu(negative(0x83));
      continue;
    }
    const a = d.apdu;
    deadline = Date.now() + completionMs;
    switch (cmd(a)) {
      case CMD.intermediate: {
        const p = intermediateStatus(a.data[0] ?? 0xff);
        hooks.onProgress?.({ ...p, deadline });
        await link.sendApdu(positive());
        break;
      }
      case CMD.printLine: {
        const line = parsePrintLine(a.data);
        if (line.attribute !== 0xff) run.lines.push(line.text);
        receipts.line(line.attribute, line.text);
        await link.sendApdu(positive());
        break;
      }
      case CMD.printTextBlock: {
        const block = parseTextBlock(a.data);
        run.lines.push(...block.lines);
        receipts.block(block);
        await link.sendApdu(positive());
        break;
      }
      case CMD.statusInfo: {
        const info = parseStatusInfo(a.data);
        run.statusInfos.push(info);
        let book = true;
        if (info.resultCode === 0) {
          // A repeated frame (our ACK was lost) gets the same answer as the first copy.
          if (run.booking === undefined) run.booking = !hooks.decide || (await hooks.decide(info)) ? 'booked' : 'refused';
          book = run.booking === 'booked';
        }
        await link.sendApdu(book ? positive() : negative(0x66));
        break;
      }
      case CMD.completion:
        await link.sendApdu(positive());
        return { ...run, receipts: receipts.done(), end: 'completed', reason: 'completed', completionData: a.data };
      case CMD.abort:
        await link.sendApdu(positive());
        return { ...run, receipts: receipts.done(), end: 'aborted', code: a.data[0] ?? 0xff, reason: 'terminal aborted the command' };
      default:
        if (a.cls === 0x80 || a.cls === 0x84) break; // reply to our 06 B0: the outcome still follows
        await link.sendApdu(negative(0x83));
    }
  }
}

function describe(w: { kind: string; reason?: string }): string {
  if (w.kind === 'timeout') return 'timed out';
  return w.reason ? `${w.kind}: ${w.reason}` : w.kind;
}
