// What the pure token code needs from the outside world: the crypto is injected (node:crypto on the
// daemon, WebCrypto elsewhere), so domain/ stays free of I/O and platform APIs.

/** Checks an ES256 signature (raw r||s) over the Sig_structure bytes with the trusted key `kid`. */
export interface Verifier {
  /** Whether a trusted public key with this id (lower-case hex) is configured. */
  knows(kid: string): boolean;
  verify(kid: string, sigStructure: Uint8Array, signature: Uint8Array): boolean | Promise<boolean>;
}

/** Signs with ES256, returning the raw 64-byte r||s. Only the issuing side (CLI, booking system) has one. */
export interface Signer {
  /** Key id (lower-case hex) put in the protected header. */
  kid: string;
  sign(sigStructure: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** What a verified token says, in JSON-friendly form. */
export interface Appointment {
  /** cti, lower-case hex: the unit of "already used" and of revocation. */
  tokenId: string;
  /** The typed fallback code printed under the QR. */
  code: string;
  issuer: string;
  kid: string;
  consulate: string;
  appointmentId: string;
  services: string[];
  persons: number;
  /** ISO 8601 UTC; the page shows it in the consulate's time zone. */
  slotStart: string;
  notBefore: string;
  expires: string;
}

export interface UsedRecord {
  usedAt: string;
  kioskId: string;
}

export type Rejection =
  | { ok: false; reason: 'malformed'; detail: string }
  | { ok: false; reason: 'unknown-key'; kid: string }
  | { ok: false; reason: 'bad-signature'; kid: string }
  | { ok: false; reason: 'other-consulate'; consulate: string; expected: string; appointment: Appointment }
  | { ok: false; reason: 'revoked'; appointment: Appointment }
  | { ok: false; reason: 'unknown-service'; services: string[]; appointment: Appointment }
  /** opensAt: the first moment the kiosk will accept it. */
  | { ok: false; reason: 'too-early'; opensAt: string; appointment: Appointment }
  /** closedAt: from then on the visitor goes to the walk-in queue. */
  | { ok: false; reason: 'too-late'; closedAt: string; appointment: Appointment }
  | { ok: false; reason: 'already-used'; usedAt: string; kioskId: string; appointment: Appointment };

export type Verdict = { ok: true; appointment: Appointment } | Rejection;
export type Reason = Rejection['reason'];

export interface CheckWindow {
  /** Accepted from slot − beforeMinutes (and never before the token's nbf). */
  beforeMinutes: number;
  /** Accepted until slot + afterMinutes (and never at or after the token's exp). */
  afterMinutes: number;
}

export interface VerifyContext {
  verifier: Verifier;
  /** This kiosk's consulate code, e.g. "FR-PAR". */
  consulate: string;
  /** Service codes this consulate offers. */
  services: ReadonlySet<string>;
  /** Revoked token ids (lower-case hex): cancelled appointments. */
  revoked: ReadonlySet<string>;
  window: CheckWindow;
  at: Date;
  /** Looks up an earlier check-in. The atomic guard is markUsed in the store; this only gives a early, friendly answer. */
  used?: (tokenId: string) => UsedRecord | undefined;
}
