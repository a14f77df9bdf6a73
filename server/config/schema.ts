import { z } from 'zod';
import { lazy } from '../../shared/lazy-schema';
import { Language } from '../../shared/languages';
import { AppointmentsConfig } from '../appointment/config-schema';
import { QueueConfig } from '../queue/config';
import { AuthConfig } from '../auth/config';
import { CheckinConfig } from '../checkin/config';
import { RetentionConfig } from '../backup/config';
import { isKnownCurrency } from '../../shared/currency';
import { ServiceShape } from '../../shared/central-bundle-api';
import { TerminalSection } from '../../shared/terminal-config';
import { PostConfig, Role } from '../post/config';
import { isTimeZone } from './time-zone';

const tz = lazy(() => z.string().refine(isTimeZone, { message: 'an IANA time zone such as "Europe/Paris"' }));
// Known to the ISO 4217 table, not only shaped like a code: an unknown one would pass here and then fail
// every payment as "not sent".
const currency = lazy(() => z.string().refine(isKnownCurrency, { message: 'an ISO 4217 currency code in capitals such as "EUR" or "XAF"' }));
const names = lazy(() => z.record(Language, z.string().min(1)));

// One schema for the config's services and a central bundle's (issue 16): the bundle replaces this list.
export const ServiceConfig = ServiceShape;

const PrinterConfig = lazy(() =>
  z.strictObject({
    transport: z
      .string()
      .regex(/^(sim|tcp:\/\/[^/]+|file:\/.+|serial:\/.+)$/, 'one of "sim", "tcp://host:9100", "file:/dev/usb/lp0", "serial:/dev/ttyS0?baud=38400"')
      .default('sim'),
    paperWidth: z.union([z.literal(80), z.literal(58)]).default(80),
    model: z.string().default('epson-tm-t20iii'),
  }),
);
const ScannerConfig = lazy(() =>
  z.strictObject({
    type: z.enum(['serial', 'hid', 'wedge']).default('serial'),
    port: z.string().min(1).default('sim'),
    baudRate: z.number().int().positive().default(9600),
    suffix: z.enum(['cr', 'lf', 'crlf']).default('cr'),
    vendorId: z.number().int().optional(),
    productId: z.number().int().optional(),
  }),
);

/** Where a device sits on the kiosk, as the visitor facing its screen sees it (not mirrored for Arabic). */
export const DevicePlace = lazy(() => z.enum(['left', 'right', 'above', 'below']));
export type DevicePlace = z.infer<typeof DevicePlace>;

/**
 * The kiosk model (issue 19 item 13), as its vendor fills it in: where its scanner, card terminal and printer are
 * around the screen, so the pictures point the visitor there. A device left out is pictured without a direction.
 */
const ModelConfig = lazy(() =>
  z.strictObject({
    name: z.string().min(1).optional(),
    devices: z
      .strictObject({
        scanner: DevicePlace.optional(),
        terminal: DevicePlace.optional(),
        printer: DevicePlace.optional(),
      })
      .prefault({}),
  }),
);

export const KioskConfig = lazy(() =>
  z
    .strictObject({
      kioskId: z
        .string()
        .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and dashes, e.g. "PAR-K1"')
        .default('K1'),
      demo: z.boolean().default(true),
      /** standalone: kiosk and hub in one daemon (the default); hub: the post's server; kiosk: gets numbers from the hub. */
      role: Role.default('standalone'),
      /** How a kiosk reaches its hub and how the hub serves the post (server/post/config.ts). */
      post: PostConfig.prefault({}),
      consulate: z.strictObject({
        code: z.string().regex(/^[A-Z]{2}-[A-Z]{3}$/, 'country and city, e.g. "FR-PAR"'),
        name: names,
        timeZone: tz,
        currency,
        /** Local currency units per dirham, as posted by the chancery. */
        chanceryRate: z.number().positive(),
        /**
         * The consulate's emblem beside its name in the kiosk's header (issue 19 item 13): an image file, relative to the
         * config file or absolute. Without it the header is the name alone.
         */
        emblem: z
          .string()
          .regex(/\.(svg|png|jpe?g|webp)$/i, 'an SVG, PNG, JPEG or WebP file such as "emblem.svg"')
          .optional(),
      }),
      languages: z.array(Language).min(1).default(['ar', 'fr', 'en', 'es']),
      server: z
        .strictObject({
          host: z.string().default('127.0.0.1'),
          port: z.number().int().min(0).max(65535).default(8080),
          /** Counter PCs and the lobby board reach the daemon over the LAN only when this is on. */
          lan: z.boolean().default(false),
          /** Extra Host names (with port) accepted when lan is on, e.g. "kiosk.consulat.local:8080". */
          allowedHosts: z.array(z.string()).default([]),
        })
        .prefault({}),
      dataDir: z.string().default('data'),
      log: z
        .strictObject({
          level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
          /** Rotated daily or at this size, keeping `keep` files. */
          maxSize: z
            .string()
            .regex(/^\d+[kmg]$/, 'a size such as "10m"')
            .default('10m'),
          keep: z.number().int().positive().default(14),
        })
        .prefault({}),
      devices: z
        .strictObject({
          terminal: TerminalSection.prefault({}),
          printer: PrinterConfig.prefault({}),
          scanner: ScannerConfig.prefault({}),
        })
        .prefault({}),
      /** The kiosk model: where its devices are, for the pictures that show the visitor where to go. */
      model: ModelConfig.prefault({}),
      services: z.array(ServiceConfig).min(1),
      /** Trusted public keys of the appointment system, revocations, the check-in window. */
      appointments: AppointmentsConfig.prefault({}),
      /** Numbering, calling order, counters, board. */
      queue: QueueConfig.prefault({}),
      /** Staff, supervisor and technician accounts (PIN hashes only). */
      auth: AuthConfig.prefault({}),
      /** Limits and waits of the visitor's flow. */
      checkin: CheckinConfig.prefault({}),
      /** Scheduled journal backups and the purge of personal data (server/backup/config.ts). */
      retention: RetentionConfig.prefault({}),
    })
    .superRefine((c, ctx) => {
      const codes = c.services.map((x) => x.code);
      for (const service of Object.keys(c.checkin.hours?.services ?? {}))
        if (!codes.includes(service))
          ctx.addIssue({
            code: 'custom',
            path: ['checkin', 'hours', 'services', service],
            input: service,
            message: `the code of a service of this post (one of ${codes.join(', ')})`,
          });
      // A kiosk of a post answers only its own screen: counters and the board connect to the hub.
      if (c.role !== 'kiosk') return;
      if (c.server.lan)
        ctx.addIssue({
          code: 'custom',
          path: ['server', 'lan'],
          message: 'a kiosk of a post (role "kiosk") listens on its own PC only: remove server.lan; counters and the board connect to the hub',
        });
      if (!['127.0.0.1', 'localhost', '::1'].includes(c.server.host))
        ctx.addIssue({ code: 'custom', path: ['server', 'host'], message: 'a kiosk of a post (role "kiosk") listens on 127.0.0.1 only: remove server.host' });
    }),
);
export type KioskConfig = z.infer<typeof KioskConfig>;
export type KioskConfigInput = z.input<typeof KioskConfig>;
