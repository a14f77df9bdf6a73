// The technician's diagnostics API (/api/diagnostics/*): requests the daemon validates, answers the page parses.
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { DeviceInfo, DeviceKind } from './devices';
import { KioskDeviceReport } from './post-alerts-api';

export const DeviceMode = lazy(() => z.enum(['real', 'sim']));
export type DeviceMode = z.infer<typeof DeviceMode>;

export const Check = lazy(() => z.object({ name: z.string(), ok: z.boolean(), warning: z.boolean().optional(), detail: z.string() }));
export type Check = z.infer<typeof Check>;

/** What a device can be made to do from the page, in its current mode. */
export const DeviceControls = lazy(() =>
  z.object({
    id: DeviceKind,
    mode: DeviceMode,
    /** False when the config itself says 'sim': there is no real device to go back to. */
    canUseReal: z.boolean(),
    /** Faults that can be injected now (simulator only). */
    faults: z.array(z.string()),
    /** Active faults or scenario. */
    active: z.array(z.string()),
  }),
);
export type DeviceControls = z.infer<typeof DeviceControls>;

export const Overview = lazy(() =>
  z.object({
    kioskId: z.string(),
    demo: z.boolean(),
    version: z.string(),
    uptimeSeconds: z.number(),
    user: z.object({ id: z.string(), name: z.string(), role: z.string() }),
    devices: z.array(DeviceInfo),
    controls: z.array(DeviceControls),
    checks: z.array(Check),
    disk: z.object({ freeBytes: z.number(), totalBytes: z.number() }),
    journalBytes: z.number(),
    lastBackup: z.object({ file: z.string(), at: z.string(), bytes: z.number() }).nullable(),
    /** Devices simulated while the kiosk is not in demo mode: the kiosk screen shows a banner. */
    simulatedOutsideDemo: z.array(z.string()),
    paymentsAvailable: z.boolean(),
    testPayment: z.object({ amountMinor: z.number(), currency: z.string() }),
  }),
);
export type Overview = z.infer<typeof Overview>;

export const DiagMe = lazy(() => z.object({ user: z.object({ id: z.string(), name: z.string(), role: z.string() }).nullable() }));
export type DiagMe = z.infer<typeof DiagMe>;

export const SwitchBody = lazy(() => z.strictObject({ mode: DeviceMode }));
export const FaultBody = lazy(() => z.strictObject({ fault: z.string().min(1).max(64) }));
export const TestPaymentBody = lazy(() =>
  z.strictObject({
    /** The technician confirms the exact amount shown on the page. */
    confirm: z.literal(true),
    amountMinor: z.number().int().positive(),
  }),
);
export const SettleReason = lazy(() => z.string().trim().min(3).max(500));

export const ActionResult = lazy(() => z.object({ ok: z.boolean(), message: z.string(), data: z.unknown().optional() }));
export type ActionResult = z.infer<typeof ActionResult>;

export const FoundPort = lazy(() =>
  z.object({
    path: z.string(),
    stableName: z.string().optional(),
    kind: z.string(),
    vendorId: z.number().optional(),
    productId: z.number().optional(),
    vendor: z.string(),
    probably: z.string(),
    source: z.string(),
  }),
);
export const FoundHid = lazy(() =>
  z.object({
    path: z.string(),
    vendorId: z.number(),
    productId: z.number(),
    product: z.string().optional(),
    manufacturer: z.string().optional(),
    vendor: z.string(),
    probably: z.string(),
  }),
);
export const Discovery = lazy(() =>
  z.object({
    serial: z.array(FoundPort),
    printers: z.array(FoundPort),
    hid: z.array(FoundHid),
    hidError: z.string().optional(),
    udev: z.string(),
  }),
);
export type Discovery = z.infer<typeof Discovery>;

export const PrintedJob = lazy(() =>
  z.object({
    seq: z.number(),
    at: z.string(),
    kind: z.string(),
    complete: z.boolean(),
    endedBy: z.string(),
    heightDots: z.number(),
    bytes: z.number(),
    image: z.string(),
  }),
);
export const PrintedJobs = lazy(() => z.object({ source: z.enum(['simulator', 'sent-to-printer']), jobs: z.array(PrintedJob) }));
export type PrintedJobs = z.infer<typeof PrintedJobs>;

export const ScanSeen = lazy(() =>
  z.object({
    at: z.string(),
    source: z.string(),
    raw: z.string(),
    /** The code with control characters shown as <CR>, <0x1B>…: what the scanner really sent. */
    escaped: z.string(),
    hex: z.string(),
    decoded: z.object({ kind: z.enum(['appointment', 'typed-code', 'not-ours']), ok: z.boolean(), summary: z.string(), detail: z.unknown().optional() }),
  }),
);
export type ScanSeen = z.infer<typeof ScanSeen>;
export const ScanWait = lazy(() => z.object({ scan: ScanSeen.nullable(), message: z.string() }));

export const LogLine = lazy(() => z.object({ time: z.string(), level: z.string(), device: z.string().nullable(), msg: z.string(), raw: z.string() }));
export type LogLine = z.infer<typeof LogLine>;
export const LogTail = lazy(() => z.object({ file: z.string().nullable(), lines: z.array(LogLine), message: z.string() }));
export type LogTail = z.infer<typeof LogTail>;

export const JournalEventRow = lazy(() => z.object({ id: z.number(), at: z.string(), kind: z.string(), subject: z.string().nullable(), payload: z.unknown() }));
export const PaymentRow = lazy(() =>
  z.object({
    id: z.string(),
    state: z.string(),
    amountMinor: z.number(),
    currency: z.string(),
    reference: z.string().nullable(),
    isTest: z.boolean(),
    createdAt: z.string(),
    reason: z.string().nullable(),
    authCode: z.string().nullable(),
    maskedPan: z.string().nullable(),
    settledBy: z.string().nullable(),
    settleReason: z.string().nullable(),
    /** The short reference the terminal's journal and the receipt show ("0303-0042"). */
    shortRef: z.string().nullable(),
    /** What the terminal approved, when it said; differs from amountMinor/currency for an approval of another amount. */
    approvedAmountMinor: z.number().nullable(),
    approvedCurrency: z.string().nullable(),
    /** Data the terminal returned (Concert: the answer's private field). */
    terminalData: z.string().nullable(),
    /** The journal holds the terminal's card receipt (ZVT, kiosk prints it): staff can reprint it. */
    cardReceipt: z.boolean().optional(),
  }),
);
export const PrintJobRowS = lazy(() =>
  z.object({
    id: z.string(),
    kind: z.string(),
    subject: z.string().nullable(),
    printer: z.string(),
    bytes: z.number(),
    state: z.string(),
    attempts: z.number(),
    reason: z.string().nullable(),
    created_at: z.string(),
  }),
);
export const JournalView = lazy(() =>
  z.object({
    events: z.array(JournalEventRow),
    pending: z.array(PaymentRow),
    payments: z.array(PaymentRow),
    printJobs: z.array(PrintJobRowS),
    lock: z.unknown().nullable(),
    canSettle: z.boolean(),
  }),
);
export type JournalView = z.infer<typeof JournalView>;

/** A payment the ZVT terminal has not answered about yet: the kiosk keeps asking ("terminal still working"). */
export const TerminalWorking = lazy(() =>
  z.object({ id: z.string(), since: z.string(), detail: z.string(), attempts: z.number(), nextAskAt: z.string().nullable() }),
);
export type TerminalWorking = z.infer<typeof TerminalWorking>;
/** The payment lock as the journal view carries it (JournalView.lock). */
export const PaymentLock = lazy(() =>
  z.object({ state: z.string(), paymentIds: z.array(z.string()).optional(), terminalWorking: z.array(TerminalWorking).optional() }),
);

/** The kiosk screen's banner rule: any simulated device outside demo mode. */
export function simulatedOutsideDemo(devices: readonly Pick<DeviceInfo, 'id' | 'simulated'>[], demo: boolean): string[] {
  return demo ? [] : devices.filter((d) => d.simulated).map((d) => d.id);
}

/** Simulator only: a code "scanned" from the page, through the same path as a real scan. */
export const InjectBody = lazy(() => z.strictObject({ text: z.string().min(1).max(2000) }));
export const DeviceParams = lazy(() => z.strictObject({ id: DeviceKind }));
export const ScanRecent = lazy(() => z.object({ scans: z.array(ScanSeen) }));
/** The simulator read the code (data), or dropped it as a repeat (no data). */
export const ScanInjected = lazy(() => ActionResult.extend({ data: ScanSeen.nullable().optional() }));

// The post level on the technician's page (issue 15, item 7): a kiosk shows its link to the hub; a hub shows its kiosks.
const Failure = lazy(() => z.object({ reason: z.string(), detail: z.string(), at: z.string().optional() }));

export const KioskPostView = lazy(() =>
  z.object({
    hubUrl: z.string(),
    /** Whether the hub answered the last request; `failure` says why not (timeout, unreachable, certificate, refused, http). */
    reachable: z.boolean(),
    failure: Failure.nullable(),
    /** Set while the hub refuses this kiosk or shows another certificate: someone must act. */
    hubProblem: z.object({ reason: z.string(), detail: z.string(), since: z.string() }).nullable(),
    lastContact: z.string().nullable(),
    clock: z.object({
      skewMs: z.number().nullable(),
      checkedAt: z.string().nullable(),
      maxSkewSeconds: z.number(),
      /** Why numbers are refused now (the clock is off), or null. */
      refusal: z.string().nullable(),
    }),
    businessDay: z.string(),
    blocks: z.array(
      z.object({
        prefix: z.string(),
        left: z.number(),
        usedFromBlocks: z.number(),
        usedFallback: z.number(),
        blockUsedUp: z.boolean(),
        fallbackInUse: z.boolean(),
        noMoreBlocks: z.boolean(),
      }),
    ),
    pendingUploads: z.number(),
    refusedUploads: z.number(),
    pendingClaims: z.number(),
    claimConflicts: z.number(),
    shipping: z.object({ state: z.string(), lag: z.number(), shippedThrough: z.number(), lastContact: z.string().nullable(), lastError: Failure.nullable() }),
    /** Words for what needs a technician, empty when all is well. */
    attention: z.array(z.string()),
  }),
);
export type KioskPostView = z.infer<typeof KioskPostView>;

export const HubKioskView = lazy(() =>
  z.object({
    kioskId: z.string(),
    enrolledAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastContact: z.string().nullable(),
    shippedThrough: z.number().nullable(),
    lag: z.number().nullable(),
    chain: z.enum(['ok', 'forked', 'unknown']),
    alert: z.object({ needsStaff: z.boolean(), reason: z.string().nullable(), screen: z.string(), since: z.string().nullable() }).nullable(),
    /** The kiosk's devices as it last reported them; `stale` once it missed two heartbeats (the last known state, not a live one). */
    devices: z.object({ reportedAt: z.string(), stale: z.boolean(), list: z.array(KioskDeviceReport) }).nullable(),
    /** Blocks of numbers the hub leased this kiosk for today. */
    blocks: z.array(z.object({ prefix: z.string(), first: z.number(), last: z.number(), leasedAt: z.string() })),
    attention: z.string().nullable(),
  }),
);
export type HubKioskView = z.infer<typeof HubKioskView>;

export const PostDiagnostics = lazy(() =>
  z.discriminatedUnion('role', [
    z.object({ role: z.literal('kiosk'), kiosk: KioskPostView }),
    z.object({ role: z.enum(['hub', 'standalone']), businessDay: z.string(), kiosks: z.array(HubKioskView) }),
  ]),
);
export type PostDiagnostics = z.infer<typeof PostDiagnostics>;
