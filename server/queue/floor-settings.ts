// The floor's run-time settings a supervisor changes (issue 18 item 4): the services each counter calls and the
// services paused for walk-ins. Read from the journal at start (migration 025), so they survive a restart; kept in
// memory after that, because the queue asks for a counter's services on every call and the kiosk for the pauses on
// every screen. This daemon is the only writer of these rows.
import type { Db } from '../../store/db';
import * as floor from '../../store/supervisor-floor';
import { checkCounterServices } from '../../domain/queue/floor';
import type { Fail } from '../../shared/result';

export type FloorSettingsFailure = Fail<'unknown-counter' | 'unknown-service' | 'invalid', { detail: string }>;

export class FloorSettings {
  private readonly counterServices = new Map<string, floor.CounterServicesRow>();
  private readonly pauses = new Map<string, floor.ServicePauseRow>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly o: {
      db: Db;
      serviceCodes: readonly string[];
      /** The config's counters and their services. */
      configured: ReadonlyArray<{ id: string; services: readonly string[] }>;
      now?: () => Date;
    },
  ) {
    const ids = new Set(o.configured.map((c) => c.id));
    // A row for a counter or service the config no longer has is left in the journal and ignored.
    for (const r of floor.counterServiceOverrides(o.db)) {
      const kept = r.services.filter((s) => o.serviceCodes.includes(s));
      if (ids.has(r.counter) && kept.length) this.counterServices.set(r.counter, { ...r, services: kept });
    }
    for (const p of floor.servicePauses(o.db)) if (o.serviceCodes.includes(p.service)) this.pauses.set(p.service, p);
  }

  /** The services a supervisor gave the counter, or undefined: the config's. */
  servicesOf(counter: string): readonly string[] | undefined {
    return this.counterServices.get(counter)?.services;
  }

  changeOf(counter: string): { since: string; by: string } | null {
    const r = this.counterServices.get(counter);
    return r ? { since: r.since, by: r.by } : null;
  }

  pauseOf(service: string): floor.ServicePauseRow | undefined {
    return this.pauses.get(service);
  }

  isPaused(service: string): boolean {
    return this.pauses.has(service);
  }

  /** Told after every change (the kiosk re-draws its walk-in tiles, the pages re-read). */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  setCounterServices(counter: string, wanted: readonly string[], by: string): { ok: true; services: string[] } | FloorSettingsFailure {
    const c = this.o.configured.find((x) => x.id === counter);
    if (!c) return { ok: false, reason: 'unknown-counter', detail: `there is no counter "${counter}"` };
    const checked = checkCounterServices(wanted, this.o.serviceCodes);
    if (!checked.ok) return checked;
    const at = this.now();
    const previous = [...(this.servicesOf(counter) ?? c.services)];
    floor.setCounterServices(this.o.db, { counter, services: checked.services, previous, by, at });
    this.counterServices.set(counter, { counter, services: checked.services, since: at.toISOString(), by });
    this.changed();
    return { ok: true, services: checked.services };
  }

  setServicePaused(service: string, paused: boolean, by: string, reason?: string): { ok: true; changed: boolean } | FloorSettingsFailure {
    if (!this.o.serviceCodes.includes(service)) return { ok: false, reason: 'unknown-service', detail: `there is no service "${service}"` };
    const at = this.now();
    const changed = floor.setServicePaused(this.o.db, { service, paused, by, at, reason: reason || undefined });
    if (paused && changed) this.pauses.set(service, { service, since: at.toISOString(), by, reason: reason || null });
    if (!paused) this.pauses.delete(service);
    if (changed) this.changed();
    return { ok: true, changed };
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
