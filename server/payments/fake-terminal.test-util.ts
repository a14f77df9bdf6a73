// An in-memory card terminal for unit tests of the payment service and reconciliation. It counts every
// request it receives, so tests can prove that an acknowledged request is never sent again.
import type { RetryTimer } from './retry-timer';
import type { PayProgress, PayRequest, PayResult, TerminalStatus, ZvtTerminal, PaymentTerminal } from '../devices/index';

export interface Script {
  /** Call onAcknowledged before answering (the terminal accepted the request). Default true. */
  ack?: boolean;
  progress?: PayProgress[];
  result?: PayResult;
  /** Throw instead of answering (a driver bug). */
  throws?: string;
  /** Resolve only when release() is called. */
  hold?: boolean;
  /** Runs inside pay(), before and after the acknowledgement (to look at the journal at that moment). */
  beforeAck?: () => void;
  afterAck?: () => void;
}

export type RepeatAnswer = Awaited<ReturnType<ZvtTerminal['repeatLastReceipt']>>;

export const APPROVED = (amountMinor = 1250, currency = 'EUR', extra: Partial<Extract<PayResult, { ok: true }>> = {}): Extract<PayResult, { ok: true }> => ({
  ok: true,
  outcome: 'approved',
  amountMinor,
  currency,
  authCode: 'A12345',
  maskedPan: '4111********1111',
  cardBrand: 'VISA',
  receiptNumber: '0042',
  trace: '000042',
  receiptLines: ['CARTE BANCAIRE', 'MONTANT 12,50 EUR'],
  ...extra,
});

export class FakeTerminal implements PaymentTerminal {
  requests: PayRequest[] = [];
  repeatCalls = 0;
  statusCalls = 0;
  /** Answers of status(), one per call; `ready` once empty. */
  statusAnswers: TerminalStatus[] = [];
  private queue: Script[] = [];
  private releaseHeld: (() => void) | null = null;
  constructor(readonly protocol: 'concert' | 'zvt' = 'concert') {}

  script(...s: Script[]): this {
    this.queue.push(...s);
    return this;
  }

  release(): void {
    this.releaseHeld?.();
  }

  async pay(req: PayRequest): Promise<PayResult> {
    this.requests.push(req);
    const s = this.queue.shift() ?? { result: APPROVED(req.amountMinor, req.currency) };
    s.beforeAck?.();
    if (s.ack ?? true) req.onAcknowledged?.();
    s.afterAck?.();
    for (const p of s.progress ?? []) req.onProgress?.(p);
    if (s.hold)
      await new Promise<void>((r) => {
        this.releaseHeld = r;
      });
    if (s.throws) throw new Error(s.throws);
    return s.result ?? APPROVED(req.amountMinor, req.currency);
  }

  async status(): Promise<TerminalStatus> {
    this.statusCalls++;
    return this.statusAnswers.shift() ?? { state: 'ready', detail: 'fake' };
  }

  async close(): Promise<void> {}
}

export class FakeZvt extends FakeTerminal implements ZvtTerminal {
  declare readonly protocol: 'zvt';
  repeatAnswers: Array<RepeatAnswer | Error> = [];
  constructor() {
    super('zvt');
  }

  async repeatLastReceipt(): Promise<RepeatAnswer> {
    this.repeatCalls++;
    const a = this.repeatAnswers.shift() ?? { ok: false, outcome: 'nothing', reason: 'no transaction to repeat' };
    if (a instanceof Error) throw a;
    return a;
  }

  registerCalls = 0;
  async register(): Promise<{ ok: true }> {
    this.registerCalls++;
    return { ok: true };
  }

  async endOfDay(): Promise<{ ok: false; reason: string }> {
    return { ok: false, reason: 'not in the fake' };
  }
}

/** A back-off timer fired by hand: the test decides when the reconciler asks again (no sleeps). */
export class HandTimer {
  readonly waits: number[] = [];
  private next: { fn: () => Promise<void>; live: boolean } | null = null;
  readonly schedule: RetryTimer = (ms, fn) => {
    this.waits.push(ms);
    const t = { fn, live: true };
    this.next = t;
    return () => {
      t.live = false;
    };
  };
  get armed(): boolean {
    return this.next?.live ?? false;
  }
  async fire(): Promise<void> {
    const t = this.next;
    this.next = null;
    if (!t?.live) throw new Error('nothing scheduled');
    await t.fn();
  }
}
