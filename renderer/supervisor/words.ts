// The words of the supervisor's floor page (issue 18 item 4), from its catalogues (i18n/<lang>/supervisor.json). Every control's
// accessible name is built here with the ticket, service or counter it acts on, so a screen reader (and a test)
// can tell "Move A-003" from "Move C-001". A language without an entry falls back to French.
import type { CounterState } from '../../shared/supervisor-api';
import { languagesOf } from '../../shared/i18n/catalogue';
import { CATALOGUES, pageTranslator } from '../lib/catalogues';

export interface SupervisorWords {
  title: string;
  language: string;
  signInForm: string;
  pin: string;
  signIn: string;
  signOut: string;
  signedInAs: (name: string) => string;
  notSupervisor: (role: string) => string;
  link: { connecting: string; online: string; offline: string };
  services: string;
  serviceCols: { service: string; waiting: string; longest: string; counters: string; walkIns: string; action: string };
  longestWait: (minutes: number, service: string) => string;
  nobodyWaiting: string;
  minutes: (n: number) => string;
  open: string;
  pausedBy: (by: string) => string;
  pause: string;
  resume: string;
  pauseOf: (service: string) => string;
  resumeOf: (service: string) => string;
  counters: string;
  counterCols: { counter: string; state: string; since: string; ticket: string; staff: string; services: string };
  counterName: (name: string) => string;
  state: Record<CounterState, string>;
  servicesOf: (counter: string) => string;
  saveServicesOf: (counter: string) => string;
  save: string;
  changedBy: (by: string) => string;
  waiting: string;
  waitingTable: string;
  waitingCols: { ticket: string; service: string; waited: string; move: string; cancel: string };
  moreWaiting: (shown: number, total: number) => string;
  moveTo: (ticket: string) => string;
  move: string;
  moveOf: (ticket: string) => string;
  cancel: string;
  cancelOf: (ticket: string) => string;
  cancelForm: (ticket: string) => string;
  cancelReason: (ticket: string) => string;
  confirmCancel: string;
  keep: string;
  noShows: string;
  noShowsTable: string;
  noShowCols: { ticket: string; service: string; at: string; action: string };
  reopen: string;
  reopenOf: (ticket: string) => string;
  none: string;
  kiosks: string;
  thisKiosk: string;
  kioskOk: string;
  kioskNeedsStaff: (reason: string) => string;
  kioskLastContact: (at: string) => string;
  paymentsLocked: string;
  done: { moved: (t: string, s: string) => string; cancelled: (t: string) => string; reopened: (t: string) => string; saved: (c: string) => string };
  paused: (s: string) => string;
  resumed: (s: string) => string;
}

/** The languages with a supervisor catalogue (i18n/<lang>/supervisor.json), French first. */
export const SUPERVISOR_LANGUAGES = languagesOf(CATALOGUES, 'supervisor');

const cache = new Map<string, SupervisorWords>();

/** The page's words in this language, each a message of i18n/<lang>/supervisor.json; French for a missing one. */
export function supervisorWords(lang: string): SupervisorWords {
  const hit = cache.get(lang);
  if (hit) return hit;
  const { t } = pageTranslator('supervisor', lang);
  const w: SupervisorWords = {
    title: t('title'),
    language: t('language'),
    signInForm: t('signInForm'),
    pin: t('pin'),
    signIn: t('signIn'),
    signOut: t('signOut'),
    signedInAs: (name) => t('signedInAs', { name }),
    notSupervisor: (role) => t('notSupervisor', { role }),
    link: {
      connecting: t('link.connecting'),
      online: t('link.online'),
      offline: t('link.offline'),
    },
    services: t('services'),
    serviceCols: {
      service: t('serviceCols.service'),
      waiting: t('serviceCols.waiting'),
      longest: t('serviceCols.longest'),
      counters: t('serviceCols.counters'),
      walkIns: t('serviceCols.walkIns'),
      action: t('serviceCols.action'),
    },
    longestWait: (minutes, service) => t('longestWait', { minutes, service }),
    nobodyWaiting: t('nobodyWaiting'),
    minutes: (minutes) => t('minutes', { minutes }),
    open: t('open'),
    pausedBy: (by) => t('pausedBy', { by }),
    pause: t('pause'),
    resume: t('resume'),
    pauseOf: (service) => t('pauseOf', { service }),
    resumeOf: (service) => t('resumeOf', { service }),
    counters: t('counters'),
    counterCols: {
      counter: t('counterCols.counter'),
      state: t('counterCols.state'),
      since: t('counterCols.since'),
      ticket: t('counterCols.ticket'),
      staff: t('counterCols.staff'),
      services: t('counterCols.services'),
    },
    counterName: (name) => t('counterName', { name }),
    state: {
      serving: t('state.serving'),
      called: t('state.called'),
      idle: t('state.idle'),
      paused: t('state.paused'),
      offline: t('state.offline'),
    },
    servicesOf: (counter) => t('servicesOf', { counter }),
    saveServicesOf: (counter) => t('saveServicesOf', { counter }),
    save: t('save'),
    changedBy: (by) => t('changedBy', { by }),
    waiting: t('waiting'),
    waitingTable: t('waitingTable'),
    waitingCols: {
      ticket: t('waitingCols.ticket'),
      service: t('waitingCols.service'),
      waited: t('waitingCols.waited'),
      move: t('waitingCols.move'),
      cancel: t('waitingCols.cancel'),
    },
    moreWaiting: (shown, total) => t('moreWaiting', { shown, total }),
    moveTo: (ticket) => t('moveTo', { ticket }),
    move: t('move'),
    moveOf: (ticket) => t('moveOf', { ticket }),
    cancel: t('cancel'),
    cancelOf: (ticket) => t('cancelOf', { ticket }),
    cancelForm: (ticket) => t('cancelForm', { ticket }),
    cancelReason: (ticket) => t('cancelReason', { ticket }),
    confirmCancel: t('confirmCancel'),
    keep: t('keep'),
    noShows: t('noShows'),
    noShowsTable: t('noShowsTable'),
    noShowCols: {
      ticket: t('noShowCols.ticket'),
      service: t('noShowCols.service'),
      at: t('noShowCols.at'),
      action: t('noShowCols.action'),
    },
    reopen: t('reopen'),
    reopenOf: (ticket) => t('reopenOf', { ticket }),
    none: t('none'),
    kiosks: t('kiosks'),
    thisKiosk: t('thisKiosk'),
    kioskOk: t('kioskOk'),
    kioskNeedsStaff: (reason) => t('kioskNeedsStaff', { reason }),
    kioskLastContact: (at) => t('kioskLastContact', { at }),
    paymentsLocked: t('paymentsLocked'),
    done: {
      moved: (ticket, service) => t('done.moved', { ticket, service }),
      cancelled: (ticket) => t('done.cancelled', { ticket }),
      reopened: (ticket) => t('done.reopened', { ticket }),
      saved: (counter) => t('done.saved', { counter }),
    },
    paused: (service) => t('paused', { service }),
    resumed: (service) => t('resumed', { service }),
  };
  cache.set(lang, w);
  return w;
}
