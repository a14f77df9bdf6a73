// Every word the visitor reads or hears, from the visitor catalogues (i18n/<lang>/visitor.json, issue 19 items 7–8):
// this file only shapes them into the object the kiosk's screens read. Error copy says what happened and what to do,
// without codes or blame. A language with a visitor catalogue is offered by naming it in the config's `languages`;
// a language without one (refused by `kiosk config check`) would show English.
import { languagesOf, type DomainKeys, type Values } from '../../shared/i18n/catalogue';
import type { LinkState } from '../lib/live';
import { CATALOGUES, pageTranslator } from '../lib/catalogues';

type VisitorKey = DomainKeys['visitor'];

/** The languages the kiosk can speak: those with a visitor catalogue. */
export const VISITOR_LANGUAGES = languagesOf(CATALOGUES, 'visitor');

export interface KioskWords {
  /** The page's title (the window's and the tab's name). */
  pageTitle: string;
  welcome: string;
  touchToStart: string;
  chooseLanguage: string;
  scanTitle: string;
  scanHint: string;
  scanHelp: string;
  typeCode: string;
  typeCodeTitle: string;
  typeCodeHint: string;
  submit: string;
  walkIn: string;
  walkInTitle: string;
  persons: string;
  personsHint: string;
  /** Issue 18: a walk-in visitor may ask to be called first. */
  priorityTitle: string;
  priorityHint: string;
  priorityNone: string;
  priorities: Record<'elderly' | 'disabled' | 'pregnant' | 'children', string>;
  more: string;
  fewer: string;
  back: string;
  cancel: string;
  continue: string;
  confirm: string;
  confirmAndPay: string;
  confirmFree: string;
  /** The summary while the card terminal did not answer its last status check: what, what to do, and the Pay button's reason. */
  terminalNotReady: string;
  terminalNotReadyTodo: string;
  terminalChecking: string;
  payUnavailable: string;
  checking: string;
  summaryTitle: string;
  appointmentAt: string;
  total: string;
  free: string;
  /** A visit of several services (issue 18 item 8): adding and removing one on the summary, and how it runs. */
  addServiceTitle: string;
  addService: string;
  removeService: string;
  routeNote: string;
  serviceNotAdded: string;
  printerCheck: string;
  preparingPayment: string;
  payTitle: string;
  prompts: Record<string, string>;
  waitingForTerminal: string;
  secondsLeft: string;
  cancelling: string;
  /** Concert E+ terminals: the kiosk cannot cancel, the visitor presses the terminal's red key. */
  cancelOnTerminal: string;
  declinedTitle: string;
  tryAnotherCard: string;
  printing: string;
  doneTitle: string;
  yourNumber: string;
  estimatedWait: string;
  /** Under a walk-in service the opening hours close now: {next} is when tickets resume. */
  serviceClosed: string;
  serviceClosedNoNext: string;
  takeTicket: string;
  /** The done screen of a free visit: no payment, so no receipt. */
  takeTicketOnly: string;
  /** Under the number of a ticket from the kiosk's offline block: the visitor must not doubt it. */
  issuedOffline: string;
  printFailedTitle: string;
  printFailedText: string;
  /** The ticket or receipt waits for the printer (issue 19, item 2): paper out, or another stop; it prints once it is back. */
  printerPaperOutTitle: string;
  printerStoppedTitle: string;
  printerWaitingTicket: string;
  printerWaitingReceipt: string;
  paymentRecorded: string;
  idleTitle: string;
  idleText: string;
  staffCalled: string;
  staffCalledText: string;
  callStaff: string;
  lockedTitle: string;
  lockedText: string;
  speech: string;
  contrast: string;
  volumeDown: string;
  notedNumber: string;
  walkInTicket: string;
  paymentNotDoneTitle: string;
  outOfServiceTitle: string;
  outOfServiceText: string;
  volumeUp: string;
  ok: string;
  retry: string;
  demoBanner: string;
  /** {devices}: the simulated devices' names. */
  simulatedBanner: string;
  /** The connection pill's words. */
  link: Record<LinkState, string>;
  scannerFault: string;
  /** Issue 19 item 13: the step indicator on every visitor screen (its name, and each step's label). */
  stepsLabel: string;
  steps: Record<'language' | 'identify' | 'summary' | 'payment' | 'ticket', string>;
  /** The pictures of the device to use (alt text): the card terminal while paying, the QR scanner when asked to scan. */
  terminalPicture: string;
  scannerPicture: string;
  printerPicture: string;
  /** Where the kiosk model's device is (config model.devices), said after its picture's alt text. */
  devicePlace: Record<'left' | 'right' | 'above' | 'below', string>;
  problems: Record<string, { what: string; todo: string }>;
}

const translators = new Map<string, ReturnType<typeof pageTranslator<'visitor'>>>();
function tr(lang: string) {
  const l = VISITOR_LANGUAGES.includes(lang) ? lang : 'en';
  let t = translators.get(l);
  if (!t) translators.set(l, (t = pageTranslator('visitor', l, 'en')));
  return t;
}

/** One visitor message, formatted (plurals included). */
export function visitorText(lang: string, key: VisitorKey, values?: Values): string {
  return tr(lang).t(key, values);
}

const reference = CATALOGUES.fr?.visitor ?? {};
const isPlural = (key: string) => /\{\s*\w+\s*,\s*plural\s*,/.test(reference[key] ?? '');
// A simple {name} stays in the text for fill(): callers fill the problem's detail, a service's name, a date.
const slots = (key: string): Values => Object.fromEntries([...(reference[key] ?? '').matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, `{${m[1]!}}`]));

const tables = new Map<string, KioskWords>();

/** The kiosk's words in this language: "a.b.c" keys of the catalogue become nested fields (problems, prompts, link). */
export function kioskWords(lang: string): KioskWords {
  let w = tables.get(lang);
  if (w) return w;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(reference) as VisitorKey[]) {
    if (isPlural(key)) continue;
    const path = key.startsWith('problems.') ? ['problems', key.slice(9, key.lastIndexOf('.')), key.slice(key.lastIndexOf('.') + 1)] : key.split('.');
    let node = out;
    for (const p of path.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[path.at(-1)!] = visitorText(lang, key, slots(key));
  }
  w = out as unknown as KioskWords;
  tables.set(lang, w);
  return w;
}

/** The summary's line on the people waiting before the visitor, in the language's plural forms. */
export function waitAheadText(_w: KioskWords, lang: string, n: number): string {
  return visitorText(lang, 'waitAhead', { n });
}

/** The summary's estimated wait, {m} minutes in the language's plural forms. */
export function waitAboutText(lang: string, m: number): string {
  return visitorText(lang, 'waitAbout', { m });
}

/** The number of persons of an appointment, in the language's plural forms. */
export function personsText(lang: string, n: number): string {
  return visitorText(lang, 'personsCount', { n });
}

/** A wait of {m} minutes, in the language's plural forms. */
export function waitMinutesText(lang: string, m: number): string {
  return visitorText(lang, 'waitMinutes', { m });
}

/** Fills {name} slots from the problem's detail. */
export function fill(text: string, detail: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_m, k: string) => String(detail[k] ?? '…'));
}
