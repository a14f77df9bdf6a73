// The post level (issue 15): which role this daemon plays and how a kiosk reaches its hub.
// `role` sits at the top of the config; this `post` section holds the rest. Every field has a default, so
// an existing single-PC config stays valid and `npm start` stays the standalone daemon.
import { z } from 'zod';
import { lazy } from '../../shared/lazy-schema';

export const Role = lazy(() => z.enum(['standalone', 'hub', 'kiosk']));
export type Role = z.infer<typeof Role>;

export const PostConfig = lazy(() =>
  z.strictObject({
    /** Kiosk role: how long the kiosk waits for the hub's answer before it issues from its offline block. */
    answerWithinMs: z.number().int().min(100).max(10_000).default(1500),
    /** Numbers per offline block, leased per prefix and business day; renewed in the background when half used. */
    blockSize: z.number().int().min(1).max(500).default(20),
    /**
     * Hub role: plain HTTP on the LAN for counters, board and kiosks. Off, the hub serves HTTPS with the post's
     * certificate (`kiosk hub init`). Only for a closed test LAN.
     */
    insecureLan: z.boolean().default(false),
    /** Kiosk role: a clock further than this from the hub's refuses to issue numbers (the business day would be wrong). */
    maxClockSkewSeconds: z.number().int().min(1).max(3600).default(180),
  }),
);
export type PostConfig = z.infer<typeof PostConfig>;
