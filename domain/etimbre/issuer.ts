// Who gives the payer an eTimbre reference. Today the kiosk issues and journals it itself; a national
// issuing service can replace the local issuer later behind the same interface.
import { businessDay } from '../queue/business-day';
import { formatReference } from './reference';

export interface ETimbreRequest {
  consulate: string;
  kioskId: string;
  amountMinor: number;
  currency: string;
  services: string[];
  persons: number;
  appointmentId: string | null;
  /** ISO 8601 instant of the request. */
  at: string;
}

export type ETimbreResult = { ok: true; reference: string } | { ok: false; reason: 'unavailable' | 'rejected'; detail: string };

export interface ETimbreIssuer {
  issue(request: ETimbreRequest): Promise<ETimbreResult>;
}

export interface LocalIssuerOptions {
  /** The consulate's IANA time zone: the reference carries the business day there. */
  timeZone: string;
  /** Next sequence for (consulate, business day), allocated atomically by the store. */
  allocateSequence: (consulate: string, businessDay: string) => number | Promise<number>;
}

export function createLocalIssuer(opts: LocalIssuerOptions): ETimbreIssuer {
  return {
    async issue(req) {
      const at = new Date(req.at);
      if (Number.isNaN(at.getTime())) return { ok: false, reason: 'rejected', detail: `Request time "${req.at}" is not an ISO 8601 instant.` };
      const day = businessDay(at, opts.timeZone);
      const sequence = await opts.allocateSequence(req.consulate, day);
      const r = formatReference({ consulate: req.consulate, businessDay: day, sequence });
      if (!r.ok) return { ok: false, reason: r.reason === 'bad-sequence' ? 'unavailable' : 'rejected', detail: r.detail };
      return { ok: true, reference: r.reference };
    },
  };
}
