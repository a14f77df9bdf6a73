// What the kiosk must conclude for each simulator scenario, and what the simulated terminal must have
// charged. `unknown` is the honest answer whenever the request reached the terminal and the answer did not
// come back; the kiosk then reconciles, it never charges again.
import type { PayResult, TerminalProtocol } from '../../drivers/terminal/types';

export interface Expectation {
  outcome: PayResult['outcome'];
  /** Net amount the terminal's own log must show after the payment. */
  charged: boolean;
  /** Whether onAcknowledged must have been called. */
  acknowledged: boolean;
}

const common: Record<string, Expectation> = {
  approve: { outcome: 'approved', charged: true, acknowledged: true },
  decline: { outcome: 'declined', charged: false, acknowledged: true },
  'pin-delay': { outcome: 'approved', charged: true, acknowledged: true },
  abandon: { outcome: 'aborted', charged: false, acknowledged: true },
  timeout: { outcome: 'unknown', charged: false, acknowledged: true },
  'nak-storm': { outcome: 'not_sent', charged: false, acknowledged: false },
  'garbled-checksum': { outcome: 'approved', charged: true, acknowledged: true },
  'split-frames': { outcome: 'approved', charged: true, acknowledged: true },
  'glued-frames': { outcome: 'approved', charged: true, acknowledged: true },
  'answer-lost': { outcome: 'unknown', charged: true, acknowledged: true },
};

export const EXPECT: Record<TerminalProtocol, Record<string, Expectation>> = {
  concert: {
    ...common,
    // A busy Concert terminal ignores the ENQ.
    busy: { outcome: 'not_sent', charged: false, acknowledged: false },
    'line-drop-enq': { outcome: 'not_sent', charged: false, acknowledged: false },
    'line-drop-request': { outcome: 'unknown', charged: false, acknowledged: false },
    'line-drop-answer-enq': { outcome: 'unknown', charged: true, acknowledged: true },
    'line-drop-answer': { outcome: 'unknown', charged: true, acknowledged: true },
    'line-drop-eot': { outcome: 'approved', charged: true, acknowledged: true },
  },
  zvt: {
    ...common,
    // A busy ZVT terminal answers 84 xx 00: it refused to start, nothing charged.
    busy: { outcome: 'aborted', charged: false, acknowledged: false },
    'line-drop-command': { outcome: 'not_sent', charged: false, acknowledged: false },
    'line-drop-reply': { outcome: 'unknown', charged: false, acknowledged: false },
    'line-drop-intermediate': { outcome: 'unknown', charged: false, acknowledged: true },
    'line-drop-status': { outcome: 'unknown', charged: true, acknowledged: true },
    'line-drop-completion': { outcome: 'approved', charged: true, acknowledged: true },
  },
};

/**
 * ZVT over TCP/IP: no link ACK, so a command the terminal hangs up on after we wrote it may have been taken:
 * unknown (reconciled), never not_sent. Everything else as on the serial line.
 */
export const EXPECT_ZVT_TCP: Record<string, Expectation> = {
  ...EXPECT.zvt,
  'nak-storm': { outcome: 'unknown', charged: false, acknowledged: false },
  'line-drop-command': { outcome: 'unknown', charged: false, acknowledged: false },
};

/** Short timers so a whole scenario matrix runs in seconds; the simulator uses the same ones. */
export const FAST_CONCERT = { enqAckMs: 300, enqAttempts: 2, messageAckMs: 400, frameMs: 600, eotMs: 300, answerMs: 1500, retries: 3 };
export const FAST_ZVT = { ackMs: 400, replyMs: 600, completionMs: 900, interByteMs: 200, retries: 3 };
