// Where the post's trust material lives: <dataDir>/post/ on the hub (its CA and TLS identity) and on a
// kiosk (its link to the hub). Secrets are written 0600 in a 0700 folder, whole or not at all.
import { join, resolve } from 'node:path';

export { writeFileAtomic } from '../../../shared/private-file';

export const POST_DIR = 'post';
export const CA_CERT = 'ca.pem';
export const CA_KEY = 'ca.key';
export const HUB_CERT = 'hub.pem';
export const HUB_KEY = 'hub.key';

export const postDir = (dataDir: string): string => join(resolve(dataDir), POST_DIR);
