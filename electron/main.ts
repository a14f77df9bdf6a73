// The kiosk shell: one hardened full-screen window on the core daemon's URL, nothing else. All business
// logic and all hardware live in the daemon, so a crash or reload here can never interrupt a payment.
import { app, BrowserWindow, Menu, powerSaveBlocker, session, type WebContents } from 'electron';
import { join } from 'node:path';
import { daemonUrlFrom, isAllowedNavigation, isBlockedKey, retryDelay } from './policy';

const DEVTOOLS = process.env.KIOSK_DEVTOOLS === '1';
const daemon = daemonUrlFrom(process.env);
let win: BrowserWindow | null = null;
let failures = 0;

if (!daemon.ok) {
  // systemd's journal shows this line; the unit restarts the shell, which fails the same way until fixed.
  console.error(`kiosk shell: ${daemon.reason}`);
  app.exit(2);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const url = daemon.url;
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  // Closing the last window (Alt+F4 from the window manager, a crash) ends the shell: systemd
  // (kiosk-shell.service, Restart=always) starts a fresh one, the only way back to a known state.
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(() => start(url))
    .catch((err: unknown) => {
      console.error('kiosk shell failed to start', err);
      app.exit(1);
    });
}

function start(url: string): void {
  // No menu, so none of its accelerators (reload, zoom, developer tools, close) exist.
  Menu.setApplicationMenu(null);
  powerSaveBlocker.start('prevent-display-sleep');
  const ses = session.defaultSession;
  // The pages need no camera, microphone, notifications or geolocation by default; say no without asking.
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-security-policy')) {
      headers['Content-Security-Policy'] = [
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
          "connect-src 'self'; object-src 'none'; base-uri 'none'",
      ];
    }
    callback({ responseHeaders: headers });
  });
  app.on('web-contents-created', (_e, contents) => harden(contents, url));
  createWindow(url);
}

function harden(contents: WebContents, url: string): void {
  contents.on('will-navigate', (event, target) => {
    if (!isAllowedNavigation(target, url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, target) => {
    if (!isAllowedNavigation(target, url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // The menu is gone, but Chromium still acts on some keys itself (reload, full screen, zoom).
  contents.on('before-input-event', (event, input) => {
    if (isBlockedKey(input, { devTools: DEVTOOLS })) event.preventDefault();
  });
  // Pinch zoom off; Ctrl+wheel asks for a zoom change, which is undone.
  void contents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
  contents.on('zoom-changed', () => contents.setZoomLevel(0));
}

function createWindow(url: string): void {
  const w = new BrowserWindow({
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
      zoomFactor: 1,
      devTools: DEVTOOLS,
    },
  });
  win = w;
  w.webContents.on('did-fail-load', () => scheduleReload(w, url));
  w.webContents.on('did-finish-load', () => {
    failures = 0;
  });
  // The renderer died (crash, out of memory): a new window replaces it. The new one opens before the old
  // one goes, so the shell never has zero windows (which would quit it).
  w.webContents.on('render-process-gone', () => {
    setTimeout(() => {
      createWindow(url);
      w.destroy();
    }, retryDelay(failures++));
  });
  w.on('unresponsive', () => w.webContents.forcefullyCrashRenderer());
  void w.loadURL(url);
}

function scheduleReload(w: BrowserWindow, url: string): void {
  setTimeout(() => {
    if (!w.isDestroyed()) void w.loadURL(url);
  }, retryDelay(failures++));
}
