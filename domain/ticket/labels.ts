// Fixed words printed on tickets and receipts. A language without an entry falls back to English.

export interface Labels {
  yourNumber: string;
  persons: (n: number) => string;
  wait: (minutes: number) => string;
  note: string;
  /** Under the number of a ticket from the kiosk's offline block. */
  offline: string;
  receipt: string;
  total: string;
  eTimbre: string;
  authCode: string;
  card: string;
  ticket: string;
  /** The payment's short reference, as the card terminal's journal shows it. */
  terminalRef: string;
}

const LABELS: Record<string, Labels> = {
  ar: {
    yourNumber: 'رقمكم',
    persons: (n) => `عدد الأشخاص: ${n}`,
    wait: (m) => `مدة الانتظار التقديرية: ${m} دقيقة`,
    note: 'احتفظوا بهذه التذكرة وتابعوا الشاشة',
    offline: 'صدرت دون اتصال: رقمكم صالح',
    receipt: 'وصل الأداء',
    total: 'المجموع',
    eTimbre: 'مرجع التنبر الإلكتروني',
    authCode: 'رقم الترخيص',
    card: 'البطاقة',
    ticket: 'التذكرة',
    terminalRef: 'مرجع جهاز الأداء',
  },
  fr: {
    yourNumber: 'Votre numéro',
    persons: (n) => `Personnes : ${n}`,
    wait: (m) => `Attente estimée : ${m} min`,
    note: "Gardez ce ticket et suivez l'écran d'appel",
    offline: 'Délivré hors connexion : numéro valable',
    receipt: 'Reçu de paiement',
    total: 'TOTAL',
    eTimbre: 'Réf. eTimbre',
    authCode: 'Autorisation',
    card: 'Carte',
    ticket: 'Ticket',
    terminalRef: 'Réf. terminal',
  },
  en: {
    yourNumber: 'Your number',
    persons: (n) => `Persons: ${n}`,
    wait: (m) => `Estimated wait: ${m} min`,
    note: 'Keep this ticket and watch the screen',
    offline: 'Issued offline: your number is valid',
    receipt: 'Payment receipt',
    total: 'TOTAL',
    eTimbre: 'eTimbre ref.',
    authCode: 'Authorisation',
    card: 'Card',
    ticket: 'Ticket',
    terminalRef: 'Terminal ref.',
  },
  es: {
    yourNumber: 'Su número',
    persons: (n) => `Personas: ${n}`,
    wait: (m) => `Espera estimada: ${m} min`,
    note: 'Conserve este tique y mire la pantalla',
    offline: 'Emitido sin conexión: número válido',
    receipt: 'Recibo de pago',
    total: 'TOTAL',
    eTimbre: 'Ref. eTimbre',
    authCode: 'Autorización',
    card: 'Tarjeta',
    ticket: 'Tique',
    terminalRef: 'Ref. terminal',
  },
};

export const labelsFor = (lang: string): Labels => LABELS[lang] ?? (LABELS.en as Labels);
