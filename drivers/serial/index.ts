// The serial line's public entry: what the rest of the app (the CLI commands) may use.
export { openSerialPort, type OpenResult } from './open';
export { parseFraming, type LineSettings } from './line';
export { loadSerialPort } from './serialport';
