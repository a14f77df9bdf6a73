// A consulate's day of walk-in arrivals at one kiosk, for issue 14's post-scale goal ("5 kiosks × 1,000 visits in a
// day-long replay compressed to minutes"). The profile is ours, not measured at a consulate: the doors open at 08:30
// with a queue already outside, arrivals peak from 09:00 to 10:00 at about twice the day's mean, fall off before
// noon, dip at lunch and pick up a little after it, and the last visitors come before the 15:30 close.
// The arrivals of a kiosk are a non-homogeneous Poisson process with that rate, conditioned on the day's count: given
// N arrivals, their times are N independent draws from the rate's density, sorted. Seeded, so two runs (before and
// after a change) replay the same day.
import { seededRandom as rng } from '../test/support/random';

/** Opening to closing, minutes after midnight. */
export const OPENS = 8 * 60 + 30;
export const CLOSES = 15 * 60 + 30;

/** Relative arrival rate per half hour from 08:30 (14 half hours; the 09:00–10:00 peak is 1.8× the day's mean). */
export const HALF_HOUR_RATE: readonly number[] = [1.6, 2.0, 1.9, 1.6, 1.2, 1.0, 0.8, 0.6, 0.6, 0.7, 0.8, 0.7, 0.5, 0.5];

/** `n` arrival times of one kiosk's day, in minutes after opening, sorted. */
export function dayArrivals(n: number, seed: number): number[] {
  const random = rng(seed);
  const total = HALF_HOUR_RATE.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let u = random() * total;
    let slot = 0;
    while (slot < HALF_HOUR_RATE.length - 1 && u >= HALF_HOUR_RATE[slot]!) u -= HALF_HOUR_RATE[slot++]!;
    out.push(slot * 30 + random() * 30);
  }
  return out.sort((a, b) => a - b);
}

/** The day's arrivals of `kiosks` kiosks (seeds `seed`, `seed + 1`, …), compressed to `seconds`: ms after the replay starts. */
export function compressedDay(kiosks: number, perKiosk: number, seconds: number, seed: number): number[][] {
  const day = CLOSES - OPENS;
  return Array.from({ length: kiosks }, (_, k) => dayArrivals(perKiosk, seed + k).map((m) => (m / day) * seconds * 1000));
}

/** The busiest second of a compressed day, all kiosks together: arrivals per second at the peak. */
export function peakPerSecond(arrivals: number[][]): number {
  const perSecond = new Map<number, number>();
  for (const t of arrivals.flat()) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
  return Math.max(0, ...perSecond.values());
}
