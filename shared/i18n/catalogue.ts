// The one i18n library of the pages and the daemon (issue 19, item 7): ICU MessageFormat messages in JSON catalogues,
// one file per language and domain under i18n/<lang>/<domain>.json (see i18n/README.md). This file is pure: the
// renderer hands it the catalogues Vite bundled (renderer/lib/catalogues.ts), the daemon the files it read
// (server/i18n/catalogues.ts), so a language is added by dropping files, never by code.
import { IntlMessageFormat } from 'intl-messageformat';
import type { Catalogues } from './catalogue-files';
import type boardFr from '../../i18n/fr/board.json';
import type supervisorFr from '../../i18n/fr/supervisor.json';
import type appointmentsFr from '../../i18n/fr/appointments.json';
import type refundsFr from '../../i18n/fr/refunds.json';
import type reportsFr from '../../i18n/fr/reports.json';
import type visitorFr from '../../i18n/fr/visitor.json';
import type diagnosticsFr from '../../i18n/fr/diagnostics.json';
import type counterFr from '../../i18n/fr/counter.json';
import type ticketFr from '../../i18n/fr/ticket.json';

/** A domain's keys are those of its French catalogue, the reference: a key missing there fails the typecheck. */
export interface DomainKeys {
  board: keyof typeof boardFr;
  supervisor: keyof typeof supervisorFr;
  appointments: keyof typeof appointmentsFr;
  refunds: keyof typeof refundsFr;
  reports: keyof typeof reportsFr;
  visitor: keyof typeof visitorFr;
  diagnostics: keyof typeof diagnosticsFr;
  counter: keyof typeof counterFr;
  ticket: keyof typeof ticketFr;
}
export type Domain = keyof DomainKeys;
export const DOMAINS: readonly Domain[] = ['board', 'supervisor', 'appointments', 'refunds', 'reports', 'visitor', 'diagnostics', 'counter', 'ticket'];
export const REFERENCE_LANGUAGE = 'fr';

export { catalogueFile, cataloguesFrom, type Catalogues, type Messages } from './catalogue-files';
export type Values = Readonly<Record<string, string | number>>;

/** A message that was not in the asked language and was taken from the fallback one. */
export interface Missing {
  lang: string;
  domain: string;
  key: string;
  shownIn: string;
}

export interface TranslatorOptions {
  /** The language a missing message is taken from (the page's configured one); French when not given. */
  fallback?: string;
  /** Told once per missing message: the pages log it, the tests assert on it. */
  onMissing?: (m: Missing) => void;
  /** Wraps every message in ⟦ ⟧ so that a test sees which texts on a page came from a catalogue. */
  pseudo?: boolean;
}

export interface Translator<K extends string> {
  readonly lang: string;
  t(key: K, values?: Values): string;
}

/** The languages that have a catalogue for this domain, the reference first. */
export function languagesOf(catalogues: Catalogues, domain: Domain): string[] {
  const langs = Object.keys(catalogues).filter((l) => catalogues[l]?.[domain]);
  return langs.sort((a, b) => (a === REFERENCE_LANGUAGE ? -1 : b === REFERENCE_LANGUAGE ? 1 : a.localeCompare(b)));
}

/** The first of these languages that has the domain, else the fallback (the page's configured language). */
export function pickLanguage(catalogues: Catalogues, domain: Domain, wanted: readonly (string | null | undefined)[], fallback = REFERENCE_LANGUAGE): string {
  return wanted.find((l): l is string => !!l && !!catalogues[l]?.[domain]) ?? fallback;
}

export function translator<D extends Domain>(catalogues: Catalogues, domain: D, lang: string, opts: TranslatorOptions = {}): Translator<DomainKeys[D]> {
  const fallback = opts.fallback ?? REFERENCE_LANGUAGE;
  const told = new Set<string>();
  const formats = new Map<string, IntlMessageFormat>();
  // Latin digits in every language, as the tickets and the board's clock: Moroccan usage, and what staff type.
  const locale = (l: string) => `${l}-u-nu-latn`;
  function source(key: string): { text: string; lang: string } {
    const own = catalogues[lang]?.[domain]?.[key];
    if (own !== undefined) return { text: own, lang };
    for (const l of [fallback, REFERENCE_LANGUAGE]) {
      const text = catalogues[l]?.[domain]?.[key];
      if (text === undefined) continue;
      if (!told.has(key)) {
        told.add(key);
        opts.onMissing?.({ lang, domain, key, shownIn: l });
      }
      return { text, lang: l };
    }
    return { text: key, lang };
  }
  return {
    lang,
    t(key, values) {
      let f = formats.get(key);
      if (!f) {
        const s = source(key);
        f = new IntlMessageFormat(s.text, locale(s.lang));
        formats.set(key, f);
      }
      const text = String(f.format(values));
      return opts.pseudo ? `⟦${text}⟧` : text;
    },
  };
}
