import { z } from 'zod';
import { lazy } from './lazy-schema';

export const DeviceKind = lazy(() => z.enum(['printer', 'terminal', 'scanner']));
export type DeviceKind = z.infer<typeof DeviceKind>;

/**
 * One light per device. `unknown` is a real state: a one-way USB printer cannot tell us it has paper,
 * and we never report "ok" for what we cannot see.
 */
export const DeviceStatus = lazy(() => z.enum(['ok', 'warning', 'error', 'offline', 'unknown']));
export type DeviceStatus = z.infer<typeof DeviceStatus>;

export const DeviceInfo = lazy(() =>
  z.object({
    id: z.string(),
    kind: DeviceKind,
    driver: z.string(),
    simulated: z.boolean(),
    status: DeviceStatus,
    /** Human words for the technician: "paper near end", "no answer on /dev/ttyUSB0". */
    detail: z.string().optional(),
    address: z.string().optional(),
    since: z.string(),
  }),
);
export type DeviceInfo = z.infer<typeof DeviceInfo>;
