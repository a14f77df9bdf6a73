// The kiosk shell: one hardened full-screen window on the core daemon's URL, nothing else. All business
// logic and all hardware live in the daemon, so a crash or reload here can never interrupt a payment.
import { app, BrowserWindow, powerSaveBlocker, session, type WebContents } from 'electron';
import { join } from 'node:path';
import { daemonUrlFrom, isAllowedNavigation, retryDelay } from './policy';

const DAEMON_URL = daemonUrlFrom(process.env);
let win: BrowserWindow | null = null;
let failures = 0;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.whenReady().then(start).catch((err: unknown) => {
    console.error('kiosk shell failed to start', err);
    app.exit(1);
  });
}

function start(): void {
  powerSaveBlocker.start('prevent-display-sleep');
  const ses = session.defaultSession;
  // The pages need no camera, microphone, notifications or geolocation by default; say no without asking.
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-security-policy')) {
      headers['Content-Security-Policy'] = ["default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'"];
    }
    callback({ responseHeaders: headers });
  });
  app.on('web-contents-created', (_e, contents) => harden(contents));
  createWindow();
}

function harden(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, DAEMON_URL)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, DAEMON_URL)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function createWindow(): void {
  win = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    backgroundColor: '#f6f4ef',
    webPreferences: {
      preload: join(__dirname, 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
      devTools: process.env.KIOSK_DEVTOOLS === '1',
    },
  });
  const w = win;
  w.webContents.on('did-fail-load', () => scheduleReload(w));
  w.webContents.on('did-finish-load', () => {
    failures = 0;
  });
  // The renderer died (crash, out of memory): throw the window away and make a new one.
  w.webContents.on('render-process-gone', () => {
    w.destroy();
    setTimeout(createWindow, retryDelay(failures++));
  });
  w.on('unresponsive', () => w.webContents.forcefullyCrashRenderer());
  void w.loadURL(DAEMON_URL);
}

function scheduleReload(w: BrowserWindow): void {
  setTimeout(() => {
    if (!w.isDestroyed()) void w.loadURL(DAEMON_URL);
  }, retryDelay(failures++));
}

app.on('window-all-closed', () => {
  // A kiosk has no "closed" state: only a deliberate quit (systemd stop) ends the shell.
  if (!app.isReady()) app.quit();
});
