// Sandboxed preload: exposes one read-only fact to the pages and nothing from Node.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('kioskShell', Object.freeze({ kind: 'electron', version: process.versions.electron }));
