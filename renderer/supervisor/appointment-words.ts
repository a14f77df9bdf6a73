// The words of the supervisor page's "today's appointments" part (issue 18 item 6), from i18n/<lang>/appointments.json.
import type { AppointmentStatus } from '../../shared/appointment-feed-api';
import { pageTranslator } from '../lib/catalogues';

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

const cache = new Map<string, AppointmentWords>();

/** The page's words in this language, each a message of i18n/<lang>/appointments.json; French for a missing one. */
export function appointmentWords(lang: string): AppointmentWords {
  const hit = cache.get(lang);
  if (hit) return hit;
  const { t } = pageTranslator('appointments', lang);
  const w: AppointmentWords = {
    title: t('title'),
    summary: (c) => t('summary', c),
    status: {
      expected: t('status.expected'),
      late: t('status.late'),
      arrived: t('status.arrived'),
      missing: t('status.missing'),
      cancelled: t('status.cancelled'),
    },
    cols: {
      slot: t('cols.slot'),
      appointment: t('cols.appointment'),
      services: t('cols.services'),
      persons: t('cols.persons'),
      status: t('cols.status'),
      arrived: t('cols.arrived'),
    },
    table: t('table'),
    feed: (sequence, at, source, tokens) => t('feed', { sequence, at, source, tokens }),
    noFeed: t('noFeed'),
    refused: (at, detail) => t('refused', { at, detail }),
    checkNow: t('checkNow'),
    checked: t('checked'),
    none: t('none'),
  };
  cache.set(lang, w);
  return w;
}
