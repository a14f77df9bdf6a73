// The one door to hardware for the rest of the server: the device slots, and the driver vocabulary that
// features speak (payment results, print blocks, discovered ports). Features import drivers only from here
// (eslint.config.js); server/devices/ itself and the CLI commands use the drivers' own index.ts.
export { startDevices, type Devices, type DeviceMode, type SwitchResult } from './setup';
export { DeviceRegistry } from './registry';
export { configuredSim, terminalTransportOf } from './modes';
export { reachTcpTerminal } from './terminal-reach';
export type { PrinterSlot, SentJob } from './printer-slot';
export type { ScannerSlot } from './scanner-slot';
export type { TerminalSlot } from './terminal-slot';

export {
  loadEncoder,
  FAULTS,
  PAPERS,
  resolveModel,
  testPageBlocks,
  VirtualPrinter,
  type FaultName,
  type PrintBlock,
  type SimJob,
} from '../../drivers/printer/index';
export {
  scenarioNames,
  type Approved,
  type ChargeEntry,
  type OpenedTerminal,
  type PaymentTerminal,
  type PayProgress,
  type PayRequest,
  type PayResult,
  type RefundRequest,
  type RefundResult,
  type ReversalResult,
  type TerminalStatus,
  type ZvtTerminal,
} from '../../drivers/terminal/index';
export type { ScannedCode } from '../../drivers/scanner/index';
export { discoverHid, discoverPrinterFiles, discoverSerialPorts, vendorGuess, type FoundHid, type FoundPort } from '../../drivers/discovery/index';
// serialport on first use (issue 14, start-up): diagnostics lists ports with it.
export { loadSerialPort } from '../../drivers/serial/index';
// The board's voice (issue 19 item 12).
export { espeakEngine, simulatedEngine, type SpeechEngine, type SpeechResult } from '../../drivers/speech/index';
