// Device discovery's public entry: what the rest of the app (server/devices/) may use.
export { discoverPrinterFiles, discoverSerialPorts, type FoundPort } from './ports';
export { discoverHid, type FoundHid } from './hid';
export { vendorGuess, type ProbableKind } from './vendors';
