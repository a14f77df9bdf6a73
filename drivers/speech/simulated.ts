// The simulated voice (npm start on a machine without espeak-ng, in demo mode): a soft two-tone phrase per word, as a
// real WAV, so the board's audio path (fetch, decode, play, queue) is the same as with a voice.
import type { SpeechEngine } from './engine';

const RATE = 16_000;

export function wav16(samples: Int16Array, rate = RATE): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(s, i * 2));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

export function simulatedEngine(): SpeechEngine {
  return {
    name: 'simulated',
    async synthesize(text) {
      const words = Math.max(1, text.split(/\s+/).filter(Boolean).length);
      const wordS = 0.28;
      const gapS = 0.07;
      const samples = new Int16Array(Math.round(words * (wordS + gapS) * RATE));
      for (let w = 0; w < words; w++) {
        const start = Math.round(w * (wordS + gapS) * RATE);
        const freq = w % 2 === 0 ? 440 : 554;
        const n = Math.round(wordS * RATE);
        for (let i = 0; i < n; i++) {
          const envelope = Math.sin((Math.PI * i) / n);
          samples[start + i] = Math.round(9000 * envelope * Math.sin((2 * Math.PI * freq * i) / RATE));
        }
      }
      return { ok: true as const, wav: wav16(samples), engine: 'simulated' };
    },
  };
}
