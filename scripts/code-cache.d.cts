/**
 * Writes `body` as `name` in the first of `dirs` that takes it, whole or not at all; `mode`, when given, whatever the
 * umask. The folder written to, or null.
 */
export function writeWholeFile(dirs: readonly string[], name: string, body: string | Uint8Array, mode?: number): string | null;
