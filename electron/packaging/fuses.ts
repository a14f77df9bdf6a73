// Electron fuses of the kiosk shell: switches compiled into the Electron binary, flipped once at packaging
// (electron-builder.yml: afterPack) so that nothing on the kiosk PC can turn the features back on.
// https://www.electronjs.org/docs/latest/tutorial/fuses ; wire layout: electron/build/fuses/build.py.
import { join } from 'node:path';
import { flipFuses, getCurrentFuseWire, FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';

export const KIOSK_FUSES = {
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE would turn the shell into a plain Node.js with the kiosk user's rights.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS (--require …) and --inspect would let anyone with a shell run code inside the window.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // ASAR integrity is checked on macOS and Windows only ("ASAR Integrity", Electron docs); the shell ships
  // for Linux, where the fuse does nothing today and would stop the shell if a later Electron checked a
  // hash electron-builder does not embed for Linux.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: false,
  // Only the packaged app.asar: a loose app/ folder placed beside it is never loaded instead.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The pages come from the daemon over http://127.0.0.1; file:// needs no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} satisfies FuseV1Config;

/** What electron-builder passes to an afterPack hook (the fields read here). */
export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

/** The Electron binary in the packed folder: Linux names it after linux.executableName. */
export function electronBinary(ctx: PackContext): string {
  const name = ctx.packager.appInfo.productFilename;
  switch (ctx.electronPlatformName) {
    case 'linux':
      return join(ctx.appOutDir, ctx.packager.executableName ?? name);
    case 'win32':
      return join(ctx.appOutDir, `${name}.exe`);
    case 'darwin':
    case 'mas':
      return join(ctx.appOutDir, `${name}.app`);
    default:
      throw new Error(`no fuses for platform ${ctx.electronPlatformName}: add its binary path to electron/packaging/fuses.ts`);
  }
}

/** Flips the kiosk's fuses in the binary and reads them back: a package whose fuses did not take is not built. */
export async function applyKioskFuses(binary: string): Promise<void> {
  await flipFuses(binary, KIOSK_FUSES);
  const wire = await getCurrentFuseWire(binary);
  const wrong = Object.entries(KIOSK_FUSES)
    .filter(([k]) => k !== 'version')
    // The wire holds ASCII '1' (on) or '0' (off) per fuse.
    .filter(([k, on]) => wire[Number(k) as FuseV1Options] !== (on ? 0x31 : 0x30))
    .map(([k]) => FuseV1Options[Number(k)]);
  if (wrong.length) throw new Error(`fuses ${wrong.join(', ')} of ${binary} did not take the kiosk setting`);
}

/** electron-builder afterPack hook (electron-builder.yml). */
export default async function afterPack(ctx: PackContext): Promise<void> {
  await applyKioskFuses(electronBinary(ctx));
}
