import { EventEmitter } from 'node:events';
import type { DeviceInfo, DeviceStatus } from '../../shared/devices';

type Listener = (devices: DeviceInfo[]) => void;

/** The daemon's one view of every device and its light. Drivers report into it; pages read it. */
export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceInfo>();
  private readonly events = new EventEmitter();

  add(info: Omit<DeviceInfo, 'since'>): void {
    if (this.devices.has(info.id)) throw new Error(`device "${info.id}" registered twice`);
    this.devices.set(info.id, { ...info, since: new Date().toISOString() });
    this.emit();
  }

  /** Records a new status; unchanged reports are ignored so pages are not woken for nothing. */
  report(id: string, status: DeviceStatus, detail?: string, extra: Partial<Pick<DeviceInfo, 'driver' | 'simulated' | 'address'>> = {}): void {
    const cur = this.devices.get(id);
    if (!cur) throw new Error(`unknown device "${id}"`);
    const next = { ...cur, ...extra, status, detail };
    if (
      cur.status === next.status &&
      cur.detail === next.detail &&
      cur.driver === next.driver &&
      cur.simulated === next.simulated &&
      cur.address === next.address
    )
      return;
    this.devices.set(id, { ...next, since: cur.status === status ? cur.since : new Date().toISOString() });
    this.emit();
  }

  get(id: string): DeviceInfo | undefined {
    return this.devices.get(id);
  }

  list(): DeviceInfo[] {
    return [...this.devices.values()];
  }

  onChange(fn: Listener): () => void {
    this.events.on('change', fn);
    return () => this.events.off('change', fn);
  }

  private emit(): void {
    this.events.emit('change', this.list());
  }
}
