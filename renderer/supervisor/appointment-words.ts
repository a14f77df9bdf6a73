// The words of the supervisor page's "today's appointments" part (issue 18 item 6), French, English and Arabic.
import type { AppointmentStatus } from '../../shared/appointment-feed-api';

export interface AppointmentWords {
  title: string;
  summary: (counts: Record<AppointmentStatus, number>) => string;
  status: Record<AppointmentStatus, string>;
  cols: { slot: string; appointment: string; services: string; persons: string; status: string; arrived: string };
  table: string;
  feed: (sequence: number, at: string, source: string, tokens: number) => string;
  noFeed: string;
  refused: (at: string, detail: string) => string;
  checkNow: string;
  checked: string;
  none: string;
}

const FR: AppointmentWords = {
  title: 'Rendez-vous du jour',
  summary: (c) => `${c.expected} attendus, ${c.late} en retard, ${c.arrived} arrivés, ${c.missing} absents, ${c.cancelled} annulés`,
  status: { expected: 'attendu', late: 'en retard', arrived: 'arrivé', missing: 'absent', cancelled: 'annulé' },
  cols: { slot: 'Heure', appointment: 'Rendez-vous', services: 'Services', persons: 'Personnes', status: 'État', arrived: 'Arrivé à' },
  table: 'Rendez-vous du jour par heure',
  feed: (n, at, source, t) => `Liste de rendez-vous n° ${n}, reçue à ${at} (${source}) : ${t} rendez-vous.`,
  noFeed: 'Aucune liste de rendez-vous reçue pour aujourd’hui : les codes tapés à la borne ne peuvent pas être reconnus.',
  refused: (at, d) => `Dernière liste refusée à ${at} : ${d}`,
  checkNow: 'Vérifier maintenant',
  checked: 'Sources de la liste relues.',
  none: 'Aucun rendez-vous aujourd’hui.',
};

const EN: AppointmentWords = {
  title: "Today's appointments",
  summary: (c) => `${c.expected} expected, ${c.late} late, ${c.arrived} arrived, ${c.missing} missing, ${c.cancelled} cancelled`,
  status: { expected: 'expected', late: 'late', arrived: 'arrived', missing: 'missing', cancelled: 'cancelled' },
  cols: { slot: 'Time', appointment: 'Appointment', services: 'Services', persons: 'Persons', status: 'Status', arrived: 'Arrived at' },
  table: "Today's appointments by time",
  feed: (n, at, source, t) => `Appointment list no. ${n}, received at ${at} (${source}): ${t} appointments.`,
  noFeed: 'No appointment list received for today: codes typed at the kiosk cannot be recognised.',
  refused: (at, d) => `Last list refused at ${at}: ${d}`,
  checkNow: 'Check now',
  checked: 'List sources read again.',
  none: 'No appointments today.',
};

const AR: AppointmentWords = {
  title: 'مواعيد اليوم',
  summary: (c) => `${c.expected} منتظرون، ${c.late} متأخرون، ${c.arrived} حضروا، ${c.missing} غائبون، ${c.cancelled} ملغاة`,
  status: { expected: 'منتظر', late: 'متأخر', arrived: 'حضر', missing: 'غائب', cancelled: 'ملغى' },
  cols: { slot: 'الساعة', appointment: 'الموعد', services: 'الخدمات', persons: 'الأشخاص', status: 'الحالة', arrived: 'وقت الحضور' },
  table: 'مواعيد اليوم حسب الساعة',
  feed: (n, at, source, t) => `قائمة المواعيد رقم ${n}، استُلمت في ${at} (${source}): ${t} موعدًا.`,
  noFeed: 'لم تُستلم قائمة مواعيد لهذا اليوم: لا يمكن التعرف على الرموز المكتوبة في الجهاز.',
  refused: (at, d) => `آخر قائمة مرفوضة في ${at}: ${d}`,
  checkNow: 'تحقق الآن',
  checked: 'أُعيدت قراءة مصادر القائمة.',
  none: 'لا مواعيد اليوم.',
};

export function appointmentWords(lang: string): AppointmentWords {
  return lang === 'ar' ? AR : lang === 'en' ? EN : FR;
}
