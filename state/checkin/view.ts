// What the kiosk page draws for a snapshot: the screen, an overlay (idle warning, staff call) and whether
// the kiosk is busy with a device. The page receives this with the context over the WebSocket.
import { screenPath } from './machine';

export type Overlay = 'idleWarning' | 'staffCall' | null;

export interface CheckinView {
  /** "attract", "language", "identify.scan", "identify.typeCode", "identify.walkIn", "verifying", … */
  screen: string;
  overlay: Overlay;
  /** A device is working: the page shows progress and accepts no input except CANCEL while paying. */
  busy: boolean;
}

export function viewOf(snapshot: { value: unknown; hasTag(tag: string): boolean }): CheckinView {
  const overlay: Overlay = snapshot.hasTag('idleWarning') ? 'idleWarning' : snapshot.hasTag('staffCall') ? 'staffCall' : null;
  return { screen: screenPath(snapshot.value), overlay, busy: snapshot.hasTag('busy') };
}
