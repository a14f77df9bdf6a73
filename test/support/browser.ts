import { chromium, type Browser } from 'playwright-core';
import { existsSync } from 'node:fs';
import { createHash, X509Certificate } from 'node:crypto';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing that phones home (this machine has no network). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/**
 * Chromium's flag that trusts exactly one server key: the base64 SHA-256 of the certificate's SubjectPublicKeyInfo,
 * the form `--ignore-certificate-errors-spki-list` takes. Any other certificate is still refused, unlike
 * --ignore-certificate-errors. A matching key passes whatever else is wrong with its certificate (name, dates), so this
 * is not CA trust (services/network/public/cpp/network_switches.cc in Chromium; elastic/synthetics#1149 says the same).
 */
export function trustOnlyKeyOf(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return `--ignore-certificate-errors-spki-list=${createHash('sha256').update(spki).digest('base64')}`;
}
