import { describe, expect, it } from 'vitest';
import { Listeners } from './listeners';

describe('Listeners', () => {
  it('calls every listener, and one that unsubscribes during emit does not skip the next', () => {
    const l = new Listeners<number>();
    const seen: string[] = [];
    const offA = l.add((v) => {
      seen.push(`a${v}`);
      offA();
    });
    l.add((v) => seen.push(`b${v}`));
    l.emit(1);
    l.emit(2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
  });
});
