import type { KioskConfig } from './config/schema';
import type { Db } from '../store/db';
import type { Logger } from './log';
import type { DeviceRegistry } from './devices/registry';
import type { PushHub } from './http/push';
import type { Devices } from './devices/setup';
import type { AppointmentRuntime } from './appointment/config';
import type { QueueService } from './queue/service';
import type { Auth } from './auth/auth';
import type { Payments } from './payments/index';
import type { CheckinRunner } from './checkin/runner';

/** What every route and service of the daemon gets: built once in daemon.ts. */
export interface DaemonContext {
  config: KioskConfig;
  db: Db;
  log: Logger;
  devices: DeviceRegistry;
  /** The opened drivers and simulators behind the registry's lights. */
  hardware: Devices;
  /** Trusted keys, revocations and the check-in window for appointment QR codes. */
  appointments: AppointmentRuntime;
  queue: QueueService;
  /** Staff sessions and role checks: `auth.authorize(req, ['technician'])`. */
  auth: Auth;
  /** The journal-first payment service on the configured terminal, and its reconciliation lock. */
  payments: Payments;
  /** The visitor's check-in flow (set once it has started). */
  checkin: CheckinRunner;
  push: PushHub;
  version: string;
  startedAt: number;
}
