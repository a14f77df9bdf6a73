// The CWT claims set (RFC 8392) of an appointment token. Registered claims use their registered integer
// keys; ours sit in ONE private-use claim (key -65537, RFC 8392 §9.1 "Private Use") holding a map with
// one-byte keys, so the private data costs five bytes of key once instead of per claim. No personal data:
// no name, birth date or document number, only what the kiosk needs to route the visit.

export const CLAIM_ISS = 1;
export const CLAIM_EXP = 4;
export const CLAIM_NBF = 5;
export const CLAIM_CTI = 7;
export const CLAIM_RDV = -65537;
const RDV_CONSULATE = 1;
const RDV_APPOINTMENT = 2;
const RDV_SERVICES = 3;
const RDV_PERSONS = 4;
const RDV_SLOT = 5;

export interface TokenClaims {
  issuer: string;
  consulate: string;
  appointmentId: string;
  services: string[];
  persons: number;
  slotStart: Date;
  notBefore: Date;
  expires: Date;
  /** cti: random, 8 to 32 bytes; also the source of the typed fallback code. */
  tokenId: Uint8Array;
}

export const CONSULATE_RE = /^[A-Z0-9-]{2,16}$/;
export const SERVICE_RE = /^[a-z0-9-]{1,32}$/;
export const MAX_PERSONS = 99;

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const NUMERIC_APPOINTMENT = /^[1-9][0-9]{0,14}$/;

/** Problems with claims we are asked to sign; empty when they are fine. */
export function claimProblems(c: TokenClaims): string[] {
  const p: string[] = [];
  if (c.issuer.length < 1 || c.issuer.length > 64) p.push('issuer must be 1 to 64 characters');
  if (!CONSULATE_RE.test(c.consulate)) p.push(`consulate "${c.consulate}" must be capitals, digits and dashes, e.g. "FR-PAR"`);
  if (c.appointmentId.length < 1 || c.appointmentId.length > 64) p.push('appointment id must be 1 to 64 characters');
  if (c.services.length < 1 || c.services.length > 8) p.push('give 1 to 8 service codes');
  for (const s of c.services) if (!SERVICE_RE.test(s)) p.push(`service code "${s}" must be lower-case letters, digits and dashes`);
  if (!Number.isInteger(c.persons) || c.persons < 1 || c.persons > MAX_PERSONS) p.push(`persons must be a whole number from 1 to ${MAX_PERSONS}`);
  for (const [k, d] of [
    ['slot', c.slotStart],
    ['not-before', c.notBefore],
    ['expiry', c.expires],
  ] as const)
    if (Number.isNaN(d.getTime())) p.push(`${k} is not a valid time`);
  if (seconds(c.expires) <= seconds(c.notBefore)) p.push('expiry must be after not-before');
  if (c.tokenId.length < 8 || c.tokenId.length > 32) p.push('token id must be 8 to 32 bytes');
  return p;
}

export function claimsToCbor(c: TokenClaims): Map<number, unknown> {
  const appointment = NUMERIC_APPOINTMENT.test(c.appointmentId) ? Number(c.appointmentId) : c.appointmentId;
  return new Map<number, unknown>([
    [CLAIM_ISS, c.issuer],
    [CLAIM_EXP, seconds(c.expires)],
    [CLAIM_NBF, seconds(c.notBefore)],
    [CLAIM_CTI, c.tokenId],
    [
      CLAIM_RDV,
      new Map<number, unknown>([
        [RDV_CONSULATE, c.consulate],
        [RDV_APPOINTMENT, appointment],
        [RDV_SERVICES, c.services],
        [RDV_PERSONS, c.persons],
        [RDV_SLOT, seconds(c.slotStart)],
      ]),
    ],
  ]);
}

export type ClaimsParsed = { ok: true; claims: TokenClaims } | { ok: false; detail: string };

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v < 253402300800;
const date = (s: number) => new Date(s * 1000);

/** Reads a signed payload. Unknown extra claims are ignored (RFC 8392 §3: "MUST be ignored"). */
export function claimsFromCbor(value: unknown): ClaimsParsed {
  if (!(value instanceof Map)) return { ok: false, detail: 'CWT claims are not a map' };
  const iss = value.get(CLAIM_ISS);
  const exp = value.get(CLAIM_EXP);
  const nbf = value.get(CLAIM_NBF);
  const cti = value.get(CLAIM_CTI);
  const rdv = value.get(CLAIM_RDV);
  if (typeof iss !== 'string' || iss.length < 1 || iss.length > 64) return { ok: false, detail: 'iss claim missing or not text' };
  if (!isTime(exp) || !isTime(nbf)) return { ok: false, detail: 'exp and nbf must be whole-second times' };
  if (exp <= nbf) return { ok: false, detail: 'exp is not after nbf' };
  if (!(cti instanceof Uint8Array) || cti.length < 8 || cti.length > 32) return { ok: false, detail: 'cti (token id) must be 8 to 32 bytes' };
  if (!(rdv instanceof Map)) return { ok: false, detail: 'appointment claim missing' };
  const consulate = rdv.get(RDV_CONSULATE);
  const appt = rdv.get(RDV_APPOINTMENT);
  const services = rdv.get(RDV_SERVICES);
  const persons = rdv.get(RDV_PERSONS);
  const slot = rdv.get(RDV_SLOT);
  if (typeof consulate !== 'string' || !CONSULATE_RE.test(consulate)) return { ok: false, detail: 'consulate claim missing or malformed' };
  const appointmentId = typeof appt === 'number' && Number.isSafeInteger(appt) && appt > 0 ? String(appt) : appt;
  if (typeof appointmentId !== 'string' || appointmentId.length < 1 || appointmentId.length > 64)
    return { ok: false, detail: 'appointment id claim missing or malformed' };
  if (!Array.isArray(services) || services.length < 1 || services.length > 8 || !services.every((s) => typeof s === 'string' && SERVICE_RE.test(s)))
    return { ok: false, detail: 'service codes claim missing or malformed' };
  if (typeof persons !== 'number' || !Number.isInteger(persons) || persons < 1 || persons > MAX_PERSONS)
    return { ok: false, detail: 'persons claim missing or out of range' };
  if (!isTime(slot)) return { ok: false, detail: 'slot claim missing or not a time' };
  return {
    ok: true,
    claims: {
      issuer: iss,
      consulate,
      appointmentId,
      services: services as string[],
      persons,
      slotStart: date(slot),
      notBefore: date(nbf),
      expires: date(exp),
      tokenId: cti,
    },
  };
}
