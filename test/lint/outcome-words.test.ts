// One outcome vocabulary (shared/payment-outcome.ts). The journal's words stay what old journals hold: the
// states in payments.state and the event kinds `payment.<state>` with `-` for `_`.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../support/daemon';
import { PAYMENT_OUTCOMES, outcomeLabel } from '../../shared/payment-outcome';
import { TRANSITIONS, eventKind } from '../../store/payments';

/** `outcome: 'not-sent'`, `status: 'not-sent'`, `x.outcome === 'not-sent'`: the old spelling used as an outcome. */
const OLD_WORD = /(?:outcome|status)\s*(?::|===)\s*'not-sent'/g;

/** Where `not-sent` is still written on purpose: the CLI's published --json (the ZVT session's `end` is its own word). */
const KEPT = new Set(['test/chaos/payment-cli.test.ts', 'test/lint/outcome-words.test.ts']);

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

export function oldOutcomeWords(file: string, text: string): string[] {
  return [...text.matchAll(OLD_WORD)].map((m) => `${file}:${text.slice(0, m.index).split('\n').length} ${m[0]}`);
}

describe('payment outcome words (shared/payment-outcome.ts)', () => {
  it('every outcome is a state the journal stores, with the event kind old journals hold', () => {
    for (const o of PAYMENT_OUTCOMES) expect(Object.keys(TRANSITIONS)).toContain(o);
    expect(PAYMENT_OUTCOMES.map(eventKind)).toEqual(['payment.approved', 'payment.declined', 'payment.aborted', 'payment.unknown', 'payment.not-sent']);
    expect(outcomeLabel('not_sent')).toBe('not-sent');
    expect(outcomeLabel('declined')).toBe('declined');
  });

  it('no code spells an outcome the old way', () => {
    const found = ['drivers', 'server', 'state', 'store', 'shared', 'domain', 'renderer', 'test'].flatMap((d) =>
      [...sources(join(ROOT, d))].flatMap((p) => {
        const file = relative(ROOT, p).split('\\').join('/');
        return KEPT.has(file) ? [] : oldOutcomeWords(file, readFileSync(p, 'utf8'));
      }),
    );
    expect(found, "write not_sent (shared/payment-outcome.ts); outcomeLabel() gives the text's not-sent").toEqual([]);
  });

  it('finds the old spelling (probe)', () => {
    const probe = "return { ok: false, outcome: 'not-sent' };\nif (r.outcome === 'not-sent') {}\nconst k = 'payment.not-sent';\nif (run.end === 'not-sent') {}";
    expect(oldOutcomeWords('x.ts', probe)).toEqual(["x.ts:1 outcome: 'not-sent'", "x.ts:2 outcome === 'not-sent'"]);
  });
});
