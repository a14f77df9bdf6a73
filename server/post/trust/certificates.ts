// The post CA and the hub's TLS certificate: made by shared/x509.ts (which the central service's identity uses too).
// Imported only when `kiosk hub init` runs: the daemon's cold start never loads node-forge (issue 14).
import { makeCa, makeServerCert, type Pem } from '../../../shared/x509';

export type { Pem };

export const makePostCa = (o: { name: string; now: Date }): Promise<Pem> => makeCa(o);

/** The hub's server certificate for `hosts` (names and IP addresses), signed by the post CA. */
export const makeHubCert = (o: { ca: Pem; hosts: readonly string[]; now: Date }): Promise<Pem> => makeServerCert({ ...o, commonName: 'post hub' });
