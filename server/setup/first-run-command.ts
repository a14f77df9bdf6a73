// `kiosk setup --code` and `kiosk setup --serve` (server/commands/setup.ts): the one-time code of the first-run
// page, and the page itself until it has written the config.
import { existsSync } from 'node:fs';
import { codeFileFor, makeCode } from './one-time-code';
import { startFirstRun } from './first-run-server';
import type { FoundPort } from '../devices/index';
import type { SetupChecks } from './sections';

export async function codeCommand(configFile: string): Promise<number> {
  const { code, expiresAt } = await makeCode(codeFileFor(configFile));
  process.stdout.write(
    `One-time setup code for the kiosk screen: ${code}\n` +
      `(valid until ${new Date(expiresAt).toISOString()}, shown only now; sudo kiosk setup --code makes a new one)\n`,
  );
  return 0;
}

export async function serveCommand(
  configFile: string,
  port: string | undefined,
  listPorts: (extra: string[]) => Promise<FoundPort[]>,
  testPayment?: SetupChecks['testPayment'],
): Promise<number> {
  if (existsSync(configFile)) {
    process.stderr.write(`kiosk setup --serve: ${configFile} exists already: change it with kiosk setup --section NAME\n`);
    return 1;
  }
  const server = await startFirstRun({
    configFile,
    codeFile: codeFileFor(configFile),
    port: port === undefined ? 8080 : Number(port),
    ports: async () => (await listPorts([])).map((p) => p.stableName ?? p.path),
    ...(testPayment ? { testPayment } : {}),
  });
  process.stdout.write(`First-run setup page: ${server.url}/ (behind the one-time code of kiosk setup --code)\n`);
  await server.saved;
  await server.close();
  process.stdout.write(`Wrote ${configFile}\n`);
  return 0;
}
