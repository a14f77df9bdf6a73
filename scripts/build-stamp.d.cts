/** Why the build under `root` (a file: URL ending in /) cannot be run, or null when it is current. */
export function buildStaleness(root: URL): string | null;
