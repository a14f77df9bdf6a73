import { isRightToLeft } from '../../shared/languages';

// Visitor-facing words. Plain, polite, no codes. A host language without a table here falls back to
// English for these words while service names still come from the config in that language.
export interface Words {
  welcome: string;
  chooseLanguage: string;
  scanOrChoose: string;
  services: string;
  callStaff: string;
  back: string;
}

const TABLES: Record<'ar' | 'fr' | 'en' | 'es', Words> = {
  ar: {
    welcome: 'مرحبا بكم',
    chooseLanguage: 'اختر لغتك',
    scanOrChoose: 'امسح رمز QR الخاص بموعدك، أو اختر خدمة',
    services: 'الخدمات',
    callStaff: 'طلب المساعدة',
    back: 'رجوع',
  },
  fr: {
    welcome: 'Bienvenue',
    chooseLanguage: 'Choisissez votre langue',
    scanOrChoose: 'Scannez le QR code de votre rendez-vous, ou choisissez un service',
    services: 'Services',
    callStaff: 'Appeler un agent',
    back: 'Retour',
  },
  en: {
    welcome: 'Welcome',
    chooseLanguage: 'Choose your language',
    scanOrChoose: 'Scan the QR code of your appointment, or choose a service',
    services: 'Services',
    callStaff: 'Call staff',
    back: 'Back',
  },
  es: {
    welcome: 'Bienvenido',
    chooseLanguage: 'Elija su idioma',
    scanOrChoose: 'Escanee el código QR de su cita, o elija un servicio',
    services: 'Servicios',
    callStaff: 'Llamar a un agente',
    back: 'Volver',
  },
};

export function words(lang: string): Words {
  return (TABLES as Record<string, Words | undefined>)[lang] ?? TABLES.en;
}

/** The language's own name for itself: "العربية", "Français", "Nederlands". */
export function languageName(lang: string): string {
  try {
    const name = new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;
    return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
  } catch {
    return lang;
  }
}

export function applyLanguage(root: HTMLElement, lang: string): void {
  root.lang = lang;
  root.dir = isRightToLeft(lang) ? 'rtl' : 'ltr';
}
