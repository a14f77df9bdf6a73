// /api/appointments/*: the day's appointments from the booking system's feed (issue 18 item 6).
import { DayAppointments, FeedStatus } from '../appointment-feed-api';
import { Refusal } from './answers';
import { declare } from './define';

const denied = { 401: Refusal, 403: Refusal } as const;

export const appointmentRoutes = {
  appointmentsDay: declare({
    method: 'GET',
    path: '/api/appointments/day',
    summary: "Today's appointments from the day feed: expected, arrived, late, missing, cancelled (staff, supervisor)",
    roles: ['staff', 'supervisor'],
    page: 'reports',
    responses: { 200: DayAppointments, ...denied },
  }),
  appointmentsFeedPoll: declare({
    method: 'POST',
    path: '/api/appointments/feed/poll',
    summary: 'Reads the day feed sources now instead of at the next poll; answers the feed status (supervisor)',
    roles: ['supervisor'],
    page: 'reports',
    responses: { 200: FeedStatus, ...denied },
  }),
} as const;
