/** Why the build under `root` (a file: URL ending in /) cannot be run, or null when it is current. */
export function buildStaleness(root: URL): string | null;
/** The same answer, its stats made on libuv's threads while the caller goes on. */
export function buildStalenessSoon(root: URL): Promise<string | null>;
