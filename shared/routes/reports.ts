// /api/reports/*: the supervisor's page. Every route but /reports/me needs a supervisor session.
import {
  CloseBody,
  CloseIdParams,
  ClosedDay,
  CloseRefused,
  CloseWithCorrections,
  CorrectionAdded,
  CorrectionBody,
  DayPreview,
  DayQuery,
  PeriodQuery,
  PrintAnswer,
  ReportsMe,
  StatsAnswer,
} from '../reports-api';
import { Refusal } from './answers';
import { binary, declare } from './define';

const SUPERVISOR = ['supervisor'] as const;
const page = 'reports';
const denied = { 401: Refusal, 403: Refusal } as const;

export const reportRoutes = {
  reportsMe: declare({
    method: 'GET',
    path: '/api/reports/me',
    summary: 'The signed-in supervisor (or null, without a 401), the time zone, currency and consulate',
    responses: { 200: ReportsMe },
  }),
  day: declare({
    method: 'GET',
    path: '/api/reports/day',
    summary: "A business day per terminal: the journal's figures, payments, pending ones, its close if any",
    roles: SUPERVISOR,
    page,
    query: DayQuery,
    responses: { 200: DayPreview, 400: Refusal, ...denied },
  }),
  closeDay: declare({
    method: 'POST',
    path: '/api/reports/day/close',
    summary: "Close a business day for one terminal against the terminal's totals (entered, ZVT end of day, simulator log)",
    roles: SUPERVISOR,
    page,
    body: CloseBody,
    responses: { 200: ClosedDay, 400: CloseRefused, ...denied, 409: CloseRefused, 502: CloseRefused },
  }),
  dayClose: declare({
    method: 'GET',
    path: '/api/reports/day/close/:id',
    summary: 'A day close and its corrections',
    roles: SUPERVISOR,
    page,
    params: CloseIdParams,
    responses: { 200: CloseWithCorrections, ...denied, 404: Refusal },
  }),
  correction: declare({
    method: 'POST',
    path: '/api/reports/day/close/:id/corrections',
    summary: 'Add a correction to a closed day (the close itself never changes)',
    roles: SUPERVISOR,
    page,
    params: CloseIdParams,
    body: CorrectionBody,
    responses: { 200: CorrectionAdded, 400: Refusal, ...denied, 404: Refusal },
  }),
  printClose: declare({
    method: 'POST',
    path: '/api/reports/day/close/:id/print',
    summary: 'Print the day-close report on the ticket printer',
    roles: SUPERVISOR,
    page,
    params: CloseIdParams,
    responses: { 200: PrintAnswer, ...denied, 404: Refusal, 502: PrintAnswer },
  }),
  closePdf: declare({
    method: 'GET',
    path: '/api/reports/day/close/:id/report.pdf',
    summary: 'The day-close report as a PDF download',
    roles: SUPERVISOR,
    page,
    params: CloseIdParams,
    responses: { 200: binary('application/pdf'), ...denied, 404: Refusal },
  }),
  closeCsv: declare({
    method: 'GET',
    path: '/api/reports/day/close/:id/report.csv',
    summary: 'The day-close report as a CSV download',
    roles: SUPERVISOR,
    page,
    params: CloseIdParams,
    responses: { 200: binary('text/csv'), ...denied, 404: Refusal },
  }),
  stats: declare({
    method: 'GET',
    path: '/api/reports/stats',
    summary: 'Visitors, waits, service times, no-shows, counters and fees over a period (at most 366 days)',
    roles: SUPERVISOR,
    page,
    query: PeriodQuery,
    responses: { 200: StatsAnswer, 400: Refusal, ...denied },
  }),
  statsCsv: declare({
    method: 'GET',
    path: '/api/reports/stats.csv',
    summary: "The period's figures as a CSV download",
    roles: SUPERVISOR,
    page,
    query: PeriodQuery,
    responses: { 200: binary('text/csv'), 400: Refusal, ...denied },
  }),
} as const;
