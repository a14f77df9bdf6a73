import { describe, expect, it } from 'vitest';
import { hubWaitPreview } from './wait-preview';
import type { PeerAnswer } from '../http/peer-link';
import { kioskWords, waitAheadText } from '../../renderer/kiosk/words';

const board = (count: number) => ({
  current: null,
  lastCalls: [],
  waiting: [{ service: 'passport', prefix: 'P', name: { fr: 'Passeport' }, count, estimatedWaitMinutes: count * 6 }],
  pausedCounters: [],
  counters: [],
  languages: ['fr'],
  chime: true,
  businessDay: '2026-12-02',
  timeZone: 'Europe/Paris',
  consulateName: {},
  serverTime: '2026-12-02T09:00:00.000Z',
});

function link(answers: PeerAnswer[]) {
  const asked: string[] = [];
  return {
    asked,
    request: async (method: 'GET' | 'POST', path: string) => {
      asked.push(`${method} ${path}`);
      return answers.shift() ?? { ok: false as const, reason: 'unreachable' as const, detail: 'no more answers' };
    },
  };
}

describe('the wait a kiosk of a post tells before paying', () => {
  it("is the hub board's count and estimate for the service, read once for visitors close together", async () => {
    let now = 0;
    const l = link([
      { ok: true, status: 200, body: board(4) },
      { ok: true, status: 200, body: board(9) },
    ]);
    const preview = hubWaitPreview(l, { timeoutMs: 500, reuseMs: 2000, now: () => now });
    expect(await preview('passport')).toEqual({ service: 'passport', ahead: 4, estimatedWaitMinutes: 24 });
    now = 1500;
    expect(await preview('passport')).toEqual({ service: 'passport', ahead: 4, estimatedWaitMinutes: 24 });
    expect(l.asked).toEqual(['GET /api/queue/board']);
    now = 2600;
    expect(await preview('passport')).toEqual({ service: 'passport', ahead: 9, estimatedWaitMinutes: 54 });
  });

  it('is nothing, not "no one ahead", when the hub is away, answers garbage or has no such service', async () => {
    const away = hubWaitPreview(link([{ ok: false, reason: 'timeout', detail: 'no answer within 500 ms' }]), { timeoutMs: 500 });
    expect(await away('passport')).toBeNull();
    const garbled = hubWaitPreview(link([{ ok: true, status: 200, body: { waiting: 'lots' } }]), { timeoutMs: 500 });
    expect(await garbled('passport')).toBeNull();
    const other = hubWaitPreview(link([{ ok: true, status: 200, body: board(2) }]), { timeoutMs: 500 });
    expect(await other('visa')).toBeNull();
  });
});

describe('the words of the wait', () => {
  it("follow each language's plural rules", () => {
    const ar = kioskWords('ar');
    expect([0, 1, 2, 3, 11, 100].map((n) => waitAheadText(ar, 'ar', n))).toEqual([
      waitAheadText(ar, 'ar', 0),
      'شخص واحد ينتظر قبلك',
      'شخصان ينتظران قبلك',
      '3 أشخاص ينتظرون قبلك',
      '11 شخصًا ينتظرون قبلك',
      '100 شخص ينتظرون قبلك',
    ]);
    const fr = kioskWords('fr');
    expect([1, 2].map((n) => waitAheadText(fr, 'fr', n))).toEqual(['1 personne attend avant vous', '2 personnes attendent avant vous']);
    expect(waitAheadText(kioskWords('en'), 'en', 1)).toBe('1 person is waiting before you');
  });
});
