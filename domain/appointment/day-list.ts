// Who is expected today, who came, who is late, who missed their slot (issue 18 item 6): the supervisor's list,
// from the day feed's tokens, the check-in register and the revocations. Pure: the server reads the register.
import type { AppointmentStatus, DayAppointment } from '../../shared/appointment-feed-api';
import { acceptWindow } from './verify';
import { codeFromTokenId } from './typed-code';
import { toHex } from './hex';
import { parseToken } from './token';
import type { CheckWindow, UsedRecord } from './types';

export interface DayListInput {
  tokens: readonly string[];
  revoked: ReadonlySet<string>;
  used: (tokenId: string) => UsedRecord | undefined;
  window: CheckWindow;
  now: Date;
}

/**
 * arrived: checked in (a cancelled appointment that came anyway is still "arrived": the visit happened);
 * cancelled: revoked; missing: the kiosk no longer accepts the token (its window closed); late: the slot has begun
 * and the visitor is not here yet, but can still check in; expected: the slot is still ahead.
 * Sorted by slot, then appointment id; a token listed twice (two feeds of the day) appears once.
 */
export function dayAppointments(i: DayListInput): DayAppointment[] {
  const seen = new Set<string>();
  const out: DayAppointment[] = [];
  for (const text of i.tokens) {
    const p = parseToken(text);
    if (!p.ok) continue;
    const c = p.token.claims;
    const tokenId = toHex(c.tokenId);
    if (seen.has(tokenId)) continue;
    seen.add(tokenId);
    const use = i.used(tokenId);
    const { closesAt } = acceptWindow(c, i.window);
    const status: AppointmentStatus = use
      ? 'arrived'
      : i.revoked.has(tokenId)
        ? 'cancelled'
        : i.now.getTime() >= closesAt
          ? 'missing'
          : i.now.getTime() >= c.slotStart.getTime()
            ? 'late'
            : 'expected';
    out.push({
      appointmentId: c.appointmentId,
      code: codeFromTokenId(c.tokenId),
      services: [...c.services],
      persons: c.persons,
      slotStart: c.slotStart.toISOString(),
      status,
      arrivedAt: use?.usedAt ?? null,
      kioskId: use?.kioskId ?? null,
    });
  }
  return out.sort((a, b) => a.slotStart.localeCompare(b.slotStart) || a.appointmentId.localeCompare(b.appointmentId));
}

export function countByStatus(list: readonly DayAppointment[]): Record<AppointmentStatus, number> {
  const counts: Record<AppointmentStatus, number> = { expected: 0, arrived: 0, late: 0, missing: 0, cancelled: 0 };
  for (const a of list) counts[a.status]++;
  return counts;
}
