// /api/reception/*: reception check-in at a counter (issue 18 item 5). Staff signed in at a counter.
import { FoundAppointment, ReceptionCheckedIn, ReceptionCheckInBody, ReceptionCode, ReceptionDay, ReceptionDayQuery } from '../reception-api';
import { Refusal } from './answers';
import { declare } from './define';

const COUNTER = ['staff', 'supervisor'] as const;
const refused = { 400: Refusal, 401: Refusal, 403: Refusal, 404: Refusal, 409: Refusal, 422: Refusal } as const;

export const receptionRoutes = {
  receptionDay: declare({
    method: 'GET',
    path: '/api/reception/day',
    summary: "Today's appointments for the reception desk, searched by appointment number or code (q)",
    roles: COUNTER,
    page: 'counter',
    query: ReceptionDayQuery,
    responses: { 200: ReceptionDay, 401: Refusal, 403: Refusal },
  }),
  receptionLookup: declare({
    method: 'POST',
    path: '/api/reception/lookup',
    summary: 'Verifies a typed code or scanned QR text as the kiosk does, without checking in: the appointment and its fee',
    roles: COUNTER,
    page: 'counter',
    body: ReceptionCode,
    responses: { 200: FoundAppointment, ...refused },
  }),
  receptionCheckIn: declare({
    method: 'POST',
    path: '/api/reception/check-in',
    summary: 'Checks the visitor in at this counter: issues the ticket, records the fee (paid at the counter with its reference, or exempt with a reason)',
    roles: COUNTER,
    page: 'counter',
    body: ReceptionCheckInBody,
    responses: { 201: ReceptionCheckedIn, ...refused },
  }),
} as const;
