// The shell's wiring (electron/main.ts) against an in-memory stand-in for Electron's API: no Electron binary
// exists here and nothing may start one. What the stand-in records is what main.ts asked Electron to do.
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;

class Emitter {
  handlers = new Map<string, Handler[]>();
  on(event: string, h: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), h]);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
}

class FakeContents extends Emitter {
  zoomLimits: [number, number] | null = null;
  zoomLevel = 0;
  setWindowOpenHandler() {}
  setVisualZoomLevelLimits(min: number, max: number) {
    this.zoomLimits = [min, max];
    return Promise.resolve();
  }
  setZoomLevel(level: number) {
    this.zoomLevel = level;
  }
  forcefullyCrashRenderer() {}
}

function electronStandIn() {
  const windows: FakeWindow[] = [];
  const app = Object.assign(new Emitter(), {
    quit: vi.fn(),
    exit: vi.fn(),
    isReady: () => true,
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
  });
  class FakeWindow extends Emitter {
    webContents = new FakeContents();
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL = vi.fn(() => Promise.resolve());
    isDestroyed() {
      return this.destroyed;
    }
    isMinimized() {
      return false;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  const session = { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), webRequest: { onHeadersReceived: vi.fn() } } };
  return { app, windows, BrowserWindow: FakeWindow, Menu: { setApplicationMenu: vi.fn() }, powerSaveBlocker: { start: vi.fn() }, session };
}

async function loadShell(env: Record<string, string | undefined>) {
  vi.resetModules();
  const e = electronStandIn();
  vi.doMock('electron', () => e);
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v as string);
  await import('./main');
  await vi.waitFor(() => expect(e.windows.length + e.app.exit.mock.calls.length).toBeGreaterThan(0));
  return e;
}

const input = (key: string, code: string, mods: Record<string, boolean> = {}) => ({
  type: 'keyDown',
  key,
  code,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  ...mods,
});

beforeEach(() => {
  vi.unstubAllEnvs();
});

describe('the kiosk shell (electron/main.ts)', () => {
  it('removes the application menu, so its accelerators (reload, zoom, devtools) do not exist', async () => {
    const e = await loadShell({ KIOSK_URL: undefined, PORT: '8080' });
    expect(e.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(e.windows[0]!.loadURL).toHaveBeenCalledWith('http://127.0.0.1:8080/');
  });

  it('drops close, reload, full-screen and zoom keys before the page sees them, and keeps typing', async () => {
    const e = await loadShell({ KIOSK_URL: 'http://127.0.0.1:8080/' });
    const contents = e.windows[0]!.webContents;
    const press = (i: ReturnType<typeof input>) => {
      const event = { preventDefault: vi.fn() };
      contents.emit('before-input-event', event, i);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(press(input('w', 'KeyW', { control: true }))).toBe(true);
    expect(press(input('q', 'KeyQ', { control: true }))).toBe(true);
    expect(press(input('r', 'KeyR', { control: true }))).toBe(true);
    expect(press(input('F11', 'F11'))).toBe(true);
    expect(press(input('-', 'Minus', { control: true }))).toBe(true);
    expect(press(input('K', 'KeyK', { shift: true }))).toBe(false);
    expect(press(input('-', 'Minus'))).toBe(false);
  });

  it('pins the zoom: no pinch or Ctrl+wheel zoom, and a zoom request is undone', async () => {
    const e = await loadShell({ KIOSK_URL: 'http://127.0.0.1:8080/' });
    const contents = e.windows[0]!.webContents;
    expect(contents.zoomLimits).toEqual([1, 1]);
    contents.zoomLevel = 2;
    contents.emit('zoom-changed', {}, 'in');
    expect(contents.zoomLevel).toBe(0);
    expect(e.windows[0]!.options).toMatchObject({ kiosk: true, webPreferences: { zoomFactor: 1 } });
  });

  it('quits when the last window closes, so systemd starts the shell again', async () => {
    const e = await loadShell({ KIOSK_URL: 'http://127.0.0.1:8080/' });
    e.app.emit('window-all-closed');
    expect(e.app.quit).toHaveBeenCalled();
  });

  it("replaces a crashed renderer's window without closing the last one first", async () => {
    vi.useFakeTimers();
    try {
      const e = await loadShell({ KIOSK_URL: 'http://127.0.0.1:8080/' });
      const first = e.windows[0]!;
      first.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
      expect(first.destroyed).toBe(false);
      await vi.advanceTimersByTimeAsync(1000);
      expect(e.windows).toHaveLength(2);
      expect(first.destroyed).toBe(true);
      expect(e.app.quit).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a KIOSK_URL off this machine: exits 2 and opens no window', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const e = await loadShell({ KIOSK_URL: 'http://evil.example:8080/' });
    expect(e.app.exit).toHaveBeenCalledWith(2);
    expect(e.windows).toHaveLength(0);
    expect(errors.mock.calls.flat().join(' ')).toMatch(/KIOSK_URL must point at this machine/);
    errors.mockRestore();
  });
});
