// The words of the supervisor's floor page (issue 18 item 4), in French, English and Arabic. Every control's
// accessible name is built here with the ticket, service or counter it acts on, so a screen reader (and a test)
// can tell "Move A-003" from "Move C-001". A language without an entry falls back to French.
import type { CounterState } from '../../shared/supervisor-api';

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

const FR: SupervisorWords = {
  title: 'Supervision',
  language: 'Langue',
  signInForm: 'Connexion du superviseur',
  pin: 'Code PIN superviseur',
  signIn: 'Se connecter',
  signOut: 'Se déconnecter',
  signedInAs: (n) => `Connecté : ${n}`,
  notSupervisor: (r) => `Ce code PIN ouvre une session ${r} ; la supervision demande un code PIN de superviseur.`,
  link: { connecting: 'Connexion…', online: 'En direct', offline: 'Hors ligne : reconnexion…' },
  services: 'Attente par service',
  serviceCols: {
    service: 'Service',
    waiting: 'En attente',
    longest: 'Plus longue attente',
    counters: 'Guichets ouverts',
    walkIns: 'Sans rendez-vous',
    action: 'Action',
  },
  longestWait: (m, s) => `Plus longue attente : ${m} min (${s})`,
  nobodyWaiting: 'Personne n’attend.',
  minutes: (n) => `${n} min`,
  open: 'ouvert',
  pausedBy: (b) => `en pause (${b})`,
  pause: 'Mettre en pause',
  resume: 'Reprendre',
  pauseOf: (s) => `Mettre en pause le service ${s}`,
  resumeOf: (s) => `Reprendre le service ${s}`,
  counters: 'Guichets',
  counterCols: { counter: 'Guichet', state: 'État', since: 'Depuis', ticket: 'Ticket', staff: 'Agent', services: 'Services appelés' },
  counterName: (n) => `Guichet ${n}`,
  state: { serving: 'en service', called: 'appelé', idle: 'libre', paused: 'en pause', offline: 'hors ligne' },
  servicesOf: (c) => `Services du guichet ${c}`,
  saveServicesOf: (c) => `Enregistrer les services du guichet ${c}`,
  save: 'Enregistrer',
  changedBy: (b) => `modifié par ${b}`,
  waiting: 'Tickets en attente',
  waitingTable: 'Tickets en attente, du plus ancien au plus récent',
  waitingCols: { ticket: 'Ticket', service: 'Service', waited: 'Attente', move: 'Déplacer vers', cancel: 'Annuler' },
  moreWaiting: (s, t) => `Les ${s} plus anciens sur ${t}.`,
  moveTo: (t) => `Service de destination pour ${t}`,
  move: 'Déplacer',
  moveOf: (t) => `Déplacer ${t}`,
  cancel: 'Annuler',
  cancelOf: (t) => `Annuler ${t}`,
  cancelForm: (t) => `Annulation du ticket ${t}`,
  cancelReason: (t) => `Motif de l’annulation de ${t}`,
  confirmCancel: 'Confirmer l’annulation',
  keep: 'Ne pas annuler',
  noShows: 'Absents',
  noShowsTable: 'Tickets absents du jour',
  noShowCols: { ticket: 'Ticket', service: 'Service', at: 'Heure', action: 'Action' },
  reopen: 'Rouvrir',
  reopenOf: (t) => `Rouvrir ${t}`,
  none: 'aucun',
  kiosks: 'Bornes et alertes',
  thisKiosk: 'Cette borne',
  kioskOk: 'fonctionne',
  kioskNeedsStaff: (r) => `demande un agent (${r})`,
  kioskLastContact: (a) => `dernier contact ${a}`,
  paymentsLocked: 'paiements bloqués : à régler par le personnel',
  done: {
    moved: (t, s) => `${t} déplacé vers ${s}.`,
    cancelled: (t) => `${t} annulé.`,
    reopened: (t) => `${t} remis en attente.`,
    saved: (c) => `Services du guichet ${c} enregistrés.`,
  },
  paused: (s) => `${s} en pause : la borne l’affiche fermé.`,
  resumed: (s) => `${s} repris.`,
};

const EN: SupervisorWords = {
  title: 'Supervision',
  language: 'Language',
  signInForm: 'Supervisor sign-in',
  pin: 'Supervisor PIN',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: (n) => `Signed in: ${n}`,
  notSupervisor: (r) => `This PIN signs in a ${r}; the floor needs a supervisor PIN.`,
  link: { connecting: 'Connecting…', online: 'Live', offline: 'Offline: reconnecting…' },
  services: 'Waiting per service',
  serviceCols: { service: 'Service', waiting: 'Waiting', longest: 'Longest wait', counters: 'Open counters', walkIns: 'Walk-ins', action: 'Action' },
  longestWait: (m, s) => `Longest wait: ${m} min (${s})`,
  nobodyWaiting: 'Nobody is waiting.',
  minutes: (n) => `${n} min`,
  open: 'open',
  pausedBy: (b) => `paused (${b})`,
  pause: 'Pause',
  resume: 'Resume',
  pauseOf: (s) => `Pause service ${s}`,
  resumeOf: (s) => `Resume service ${s}`,
  counters: 'Counters',
  counterCols: { counter: 'Counter', state: 'State', since: 'Since', ticket: 'Ticket', staff: 'Agent', services: 'Services called' },
  counterName: (n) => `Counter ${n}`,
  state: { serving: 'serving', called: 'called', idle: 'free', paused: 'paused', offline: 'offline' },
  servicesOf: (c) => `Services of counter ${c}`,
  saveServicesOf: (c) => `Save the services of counter ${c}`,
  save: 'Save',
  changedBy: (b) => `changed by ${b}`,
  waiting: 'Waiting tickets',
  waitingTable: 'Waiting tickets, oldest first',
  waitingCols: { ticket: 'Ticket', service: 'Service', waited: 'Waited', move: 'Move to', cancel: 'Cancel' },
  moreWaiting: (s, t) => `The ${s} oldest of ${t}.`,
  moveTo: (t) => `Destination service for ${t}`,
  move: 'Move',
  moveOf: (t) => `Move ${t}`,
  cancel: 'Cancel',
  cancelOf: (t) => `Cancel ${t}`,
  cancelForm: (t) => `Cancelling ticket ${t}`,
  cancelReason: (t) => `Reason for cancelling ${t}`,
  confirmCancel: 'Confirm cancellation',
  keep: 'Do not cancel',
  noShows: 'No-shows',
  noShowsTable: 'Today’s no-shows',
  noShowCols: { ticket: 'Ticket', service: 'Service', at: 'Time', action: 'Action' },
  reopen: 'Reopen',
  reopenOf: (t) => `Reopen ${t}`,
  none: 'none',
  kiosks: 'Kiosks and alerts',
  thisKiosk: 'This kiosk',
  kioskOk: 'working',
  kioskNeedsStaff: (r) => `needs staff (${r})`,
  kioskLastContact: (a) => `last contact ${a}`,
  paymentsLocked: 'payments locked: staff must settle them',
  done: {
    moved: (t, s) => `${t} moved to ${s}.`,
    cancelled: (t) => `${t} cancelled.`,
    reopened: (t) => `${t} is waiting again.`,
    saved: (c) => `Services of counter ${c} saved.`,
  },
  paused: (s) => `${s} paused: the kiosk shows it closed.`,
  resumed: (s) => `${s} resumed.`,
};

const AR: SupervisorWords = {
  title: 'الإشراف',
  language: 'اللغة',
  signInForm: 'دخول المشرف',
  pin: 'الرمز السري للمشرف',
  signIn: 'دخول',
  signOut: 'خروج',
  signedInAs: (n) => `متصل: ${n}`,
  notSupervisor: (r) => `هذا الرمز يفتح جلسة ${r}؛ الإشراف يتطلب رمز مشرف.`,
  link: { connecting: 'جارٍ الاتصال…', online: 'مباشر', offline: 'غير متصل: إعادة الاتصال…' },
  services: 'الانتظار حسب الخدمة',
  serviceCols: { service: 'الخدمة', waiting: 'في الانتظار', longest: 'أطول انتظار', counters: 'الشبابيك المفتوحة', walkIns: 'بدون موعد', action: 'إجراء' },
  longestWait: (m, s) => `أطول انتظار: ${m} دقيقة (${s})`,
  nobodyWaiting: 'لا أحد في الانتظار.',
  minutes: (n) => `${n} دقيقة`,
  open: 'مفتوح',
  pausedBy: (b) => `متوقف (${b})`,
  pause: 'إيقاف مؤقت',
  resume: 'استئناف',
  pauseOf: (s) => `إيقاف الخدمة ${s} مؤقتًا`,
  resumeOf: (s) => `استئناف الخدمة ${s}`,
  counters: 'الشبابيك',
  counterCols: { counter: 'الشباك', state: 'الحالة', since: 'منذ', ticket: 'التذكرة', staff: 'الموظف', services: 'الخدمات المنادى عليها' },
  counterName: (n) => `الشباك ${n}`,
  state: { serving: 'قيد الخدمة', called: 'تمت المناداة', idle: 'متاح', paused: 'متوقف', offline: 'غير متصل' },
  servicesOf: (c) => `خدمات الشباك ${c}`,
  saveServicesOf: (c) => `حفظ خدمات الشباك ${c}`,
  save: 'حفظ',
  changedBy: (b) => `عدّلها ${b}`,
  waiting: 'التذاكر في الانتظار',
  waitingTable: 'التذاكر في الانتظار، الأقدم أولًا',
  waitingCols: { ticket: 'التذكرة', service: 'الخدمة', waited: 'مدة الانتظار', move: 'نقل إلى', cancel: 'إلغاء' },
  moreWaiting: (s, t) => `أقدم ${s} من أصل ${t}.`,
  moveTo: (t) => `الخدمة التي تُنقل إليها ${t}`,
  move: 'نقل',
  moveOf: (t) => `نقل ${t}`,
  cancel: 'إلغاء',
  cancelOf: (t) => `إلغاء ${t}`,
  cancelForm: (t) => `إلغاء التذكرة ${t}`,
  cancelReason: (t) => `سبب إلغاء ${t}`,
  confirmCancel: 'تأكيد الإلغاء',
  keep: 'عدم الإلغاء',
  noShows: 'الغائبون',
  noShowsTable: 'تذاكر الغائبين اليوم',
  noShowCols: { ticket: 'التذكرة', service: 'الخدمة', at: 'الساعة', action: 'إجراء' },
  reopen: 'إعادة فتح',
  reopenOf: (t) => `إعادة فتح ${t}`,
  none: 'لا شيء',
  kiosks: 'الأكشاك والتنبيهات',
  thisKiosk: 'هذا الكشك',
  kioskOk: 'يعمل',
  kioskNeedsStaff: (r) => `يحتاج إلى موظف (${r})`,
  kioskLastContact: (a) => `آخر اتصال ${a}`,
  paymentsLocked: 'المدفوعات مقفلة: على الموظفين تسويتها',
  done: {
    moved: (t, s) => `نُقلت ${t} إلى ${s}.`,
    cancelled: (t) => `أُلغيت ${t}.`,
    reopened: (t) => `عادت ${t} إلى الانتظار.`,
    saved: (c) => `حُفظت خدمات الشباك ${c}.`,
  },
  paused: (s) => `${s} متوقفة: يعرضها الكشك مغلقة.`,
  resumed: (s) => `استؤنفت ${s}.`,
};

const WORDS: Record<string, SupervisorWords> = { fr: FR, en: EN, ar: AR };
export const SUPERVISOR_LANGUAGES = ['fr', 'en', 'ar'] as const;

export const supervisorWords = (lang: string): SupervisorWords => WORDS[lang] ?? FR;
