// The visitor's check-in flow: the machine, its device-actor helpers, delays, and the view for the page.
export { checkinMachineWith, screenPath } from './machine';
export type { CheckinImplementations, CheckinMachine } from './machine';
export { defaultActors, paymentActor, scannerActor } from './actors';
export type { PayRun } from './actors';
export { checkinDelays, DEFAULT_DELAYS, MIN_IDLE_GRACE } from './delays';
export type { CheckinDelays, DelaysResult } from './delays';
export { viewOf } from './view';
export type { CheckinView, Overlay } from './view';
export { freshVisit, isPrintable, problemAllowsRetry, problemAllowsWalkIn, mayPayAgain, mayResend } from './visit';
export type * from './types';
