// Tests whose appointments sit a few minutes from now and are listed by the consulate's day: run near local midnight,
// those minutes fall on the next day and the list is empty (the reception e2e failed at 23:57 in Paris). The test then
// runs its consulate in a zone whose local time is far from midnight, rather than depending on the hour it runs.
const ZONES = ['Europe/Paris', 'Asia/Tokyo', 'America/New_York'];

const minutesOfDay = (zone: string, at: Date): number => {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return n('hour') * 60 + n('minute');
};

/** The first of a few consulate zones where [now − before, now + after] minutes stays inside one local day. */
export function zoneAwayFromMidnight(before: number, after: number, at = new Date()): string {
  for (const zone of ZONES) {
    const m = minutesOfDay(zone, at);
    if (m >= before && m + after < 24 * 60) return zone;
  }
  throw new Error('no zone away from midnight: widen ZONES');
}
