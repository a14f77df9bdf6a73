// The board's voice (issue 19 item 12): espeak-ng, and the simulated voice for machines without it.
export type { SpeechEngine, SpeechResult } from './engine';
export { espeakEngine } from './espeak';
export { simulatedEngine } from './simulated';
