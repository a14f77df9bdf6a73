// Request bodies posts send compressed (`content-encoding: gzip`: event batches are JSON, ~10× smaller): inflated
// before parsing, with a bound on the bytes received and on the bytes inflated, so a small "zip bomb" cannot make
// the service inflate gigabytes (RFC 9110 8.4: a server answers 415 to a content coding it does not accept).
// Fastify counts the inflated bytes against the route's bodyLimit too (its content-type-parser reads the stream a
// preParsing hook returns, and checks `receivedEncodedLength` against the content-length); the bound here is the
// smaller of both so the refusal says which limit it was.
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface GzipLimits {
  /** Largest compressed body (bytes on the wire). */
  maxCompressed: number;
  /** Largest inflated body; a route's smaller bodyLimit wins. */
  maxInflated: number;
}

/** A 4xx the app's error handler sends as { error, reason }. */
export class BodyRefused extends Error {
  constructor(
    readonly statusCode: 400 | 413 | 415,
    readonly reason: 'too-large' | 'unsupported-encoding' | 'bad-encoding',
    message: string,
  ) {
    super(message);
  }
}

/** Passes bytes through, counting them; fails with `refusal()` past `max`. */
class Bound extends Transform {
  count = 0;
  constructor(
    private readonly max: number,
    private readonly refusal: () => BodyRefused,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.count += chunk.length;
    if (this.count > this.max) return done(this.refusal());
    done(null, chunk);
  }
}

export function acceptGzipBodies(app: FastifyInstance, limits: GzipLimits): void {
  app.addHook('preParsing', async (req: FastifyRequest, _reply, payload: Readable) => {
    const encoding = String(req.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    if (encoding === 'identity' || encoding === '') return payload;
    if (encoding !== 'gzip' && encoding !== 'x-gzip')
      throw new BodyRefused(415, 'unsupported-encoding', `content-encoding ${encoding} is not accepted: send the body as it is, or with content-encoding gzip`);
    const maxInflated = Math.min(limits.maxInflated, req.routeOptions.bodyLimit ?? limits.maxInflated);
    const declared = Number(req.headers['content-length']);
    const tooBig = () => new BodyRefused(413, 'too-large', `the compressed body is more than ${limits.maxCompressed} bytes: send smaller batches`);
    if (declared > limits.maxCompressed) throw tooBig();
    const wire = new Bound(limits.maxCompressed, tooBig);
    const inflated = new Bound(
      maxInflated,
      () => new BodyRefused(413, 'too-large', `the gzip body inflates to more than ${maxInflated} bytes: nothing was stored; send smaller batches`),
    );
    // Fastify checks the content-length against the bytes received on the wire, which this tells it.
    Object.defineProperty(inflated, 'receivedEncodedLength', { get: () => wire.count });
    // An error (a bound passed, or the inflater's: not gzip, truncated) destroys every stream with it, and Fastify
    // answers with it (the app's error handler says which).
    pipeline(payload, wire, createGunzip(), inflated, () => undefined);
    return inflated;
  });
}
