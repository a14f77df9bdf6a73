// A schema built on its first use instead of at module load. Building a zod schema costs tens of microseconds
// (zod 4 sets up each instance's methods and internals); the contracts of shared/ are hundreds of schemas, which
// every daemon start built before its first /api/health though most are only needed by the first request that
// uses them (issue 14, start-up ≤ 0.3 s). The value stands in for the schema itself: same type, same methods,
// same answers, so the server, the pages and the OpenAPI document keep one source of truth.

import { globalRegistry, type z } from 'zod';

const pending = new WeakSet<object>();

/** True for a stand-in whose schema is not built yet (tests: what a start or an import builds). */
export const isPending = (schema: object): boolean => pending.has(schema);

/**
 * `build()`'s result, built the first time anything is asked of it. The stand-in forwards every operation to
 * the built schema (a Proxy over an empty target: no invariant of the target can be broken); zod's own
 * instanceof checks read `_zod.traits`, which it forwards too. Metadata (`.describe()`) lives in zod's registry
 * keyed by the schema object, so the stand-in is registered with the built schema's metadata as it is built:
 * the JSON Schema and the OpenAPI document read the same descriptions through either.
 */
export function lazy<T extends z.ZodType>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => {
    if (built) return built;
    built = build();
    pending.delete(stand);
    const meta = globalRegistry.get(built);
    if (meta) globalRegistry.add(stand, meta);
    return built;
  };
  const stand: T = new Proxy({} as T, {
    // The one trap on the parsing path (zod reads `_zod` of every schema it runs): kept to a field read.
    get: (_, key) => Reflect.get(built ?? real(), key),
    set: (_, key, value) => Reflect.set(real(), key, value),
    has: (_, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    // Reported configurable: the empty target has none of these properties, and a proxy may not call a
    // property its target lacks non-configurable.
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), key);
      return d && { ...d, configurable: true };
    },
    defineProperty: (_, key, d) => Reflect.defineProperty(real(), key, d),
    deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
  pending.add(stand);
  return stand;
}
