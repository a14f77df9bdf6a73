import { describe, expect, it } from 'vitest';
import { daemonUrlFrom, isAllowedNavigation, isBlockedKey, retryDelay, type KeyInput } from './policy';

describe('kiosk shell policy', () => {
  it('allows only the daemon origin', () => {
    const d = 'http://127.0.0.1:8080/';
    expect(isAllowedNavigation('http://127.0.0.1:8080/diagnostics', d)).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:8081/', d)).toBe(false);
    expect(isAllowedNavigation('https://example.org/', d)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', d)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', d)).toBe(false);
    expect(isAllowedNavigation('not a url', d)).toBe(false);
  });

  it('reads the daemon URL from the environment: PORT, or KIOSK_URL on this machine only', () => {
    expect(daemonUrlFrom({})).toEqual({ ok: true, url: 'http://127.0.0.1:8080/' });
    expect(daemonUrlFrom({ PORT: '9000' })).toEqual({ ok: true, url: 'http://127.0.0.1:9000/' });
    for (const [raw, url] of [
      ['http://127.0.0.1:8080/x', 'http://127.0.0.1:8080/'],
      ['http://127.0.0.2:8080/', 'http://127.0.0.2:8080/'],
      ['http://127.255.255.254/', 'http://127.255.255.254/'],
      ['http://127.1:8080/', 'http://127.0.0.1:8080/'],
      ['http://[::1]:8080/', 'http://[::1]:8080/'],
      ['http://[0:0:0:0:0:0:0:1]:8080/', 'http://[::1]:8080/'],
      ['http://localhost:8080/', 'http://localhost:8080/'],
      ['http://LOCALHOST:8080/', 'http://localhost:8080/'],
      ['https://localhost/', 'https://localhost/'],
    ])
      expect(daemonUrlFrom({ KIOSK_URL: raw }), raw).toEqual({ ok: true, url });
  });

  it('refuses a daemon URL that leaves the machine, or is not http(s), as a value saying why', () => {
    for (const raw of [
      'http://kiosk.local:8080/',
      'http://192.168.1.10:8080/',
      'http://10.0.0.1/',
      'http://128.0.0.1/',
      'http://0.0.0.0:8080/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::2]/',
      'http://localhost.evil.example/',
      'http://127.0.0.1.nip.io/',
      'http://evil.example/#127.0.0.1',
      'file:///tmp/x',
      'ws://127.0.0.1:8080/',
      'not a url',
    ]) {
      const r = daemonUrlFrom({ KIOSK_URL: raw });
      expect(r.ok, raw).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/KIOSK_URL/);
    }
    expect(daemonUrlFrom({ PORT: 'eighty' })).toMatchObject({ ok: false, reason: expect.stringMatching(/PORT/) });
    expect(daemonUrlFrom({ PORT: '70000' })).toMatchObject({ ok: false });
  });

  it('backs off up to 30 s', () => {
    expect([0, 1, 2, 10].map(retryDelay)).toEqual([1000, 2000, 4000, 30000]);
  });
});

const key = (k: string, code: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  type: 'keyDown',
  key: k,
  code,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  ...mods,
});
const ctrl = { control: true };

describe('keys the kiosk window ignores', () => {
  it('ignores close, quit, reload, developer tools, full screen and zoom keys', () => {
    const blocked: Array<[string, KeyInput]> = [
      ['Ctrl+W', key('w', 'KeyW', ctrl)],
      ['Ctrl+Q', key('q', 'KeyQ', ctrl)],
      ['Ctrl+R', key('r', 'KeyR', ctrl)],
      ['Ctrl+Shift+R', key('R', 'KeyR', { control: true, shift: true })],
      ['Cmd+W', key('w', 'KeyW', { meta: true })],
      ['Ctrl+Shift+I', key('I', 'KeyI', { control: true, shift: true })],
      ['Ctrl+Shift+J', key('J', 'KeyJ', { control: true, shift: true })],
      ['Ctrl+Shift+C', key('C', 'KeyC', { control: true, shift: true })],
      ['Ctrl+P', key('p', 'KeyP', ctrl)],
      ['Ctrl+M', key('m', 'KeyM', ctrl)],
      ['F5', key('F5', 'F5')],
      ['Ctrl+F5', key('F5', 'F5', ctrl)],
      ['F11', key('F11', 'F11')],
      ['F12', key('F12', 'F12')],
      ['Alt+F4', key('F4', 'F4', { alt: true })],
      ['Ctrl++', key('+', 'Equal', { control: true, shift: true })],
      ['Ctrl+=', key('=', 'Equal', ctrl)],
      ['Ctrl+-', key('-', 'Minus', ctrl)],
      ['Ctrl+0', key('0', 'Digit0', ctrl)],
      ['Ctrl+numpad +', key('+', 'NumpadAdd', ctrl)],
      ['Ctrl+numpad -', key('-', 'NumpadSubtract', ctrl)],
      ['Ctrl+numpad 0', key('0', 'Numpad0', ctrl)],
      // French AZERTY: Ctrl and the key left of "=" (")" / "°") is Ctrl+"-" on a QWERTY map; Ctrl+"à" is Ctrl+0.
      ['Ctrl+) (AZERTY)', key(')', 'Minus', ctrl)],
      ['Ctrl+à (AZERTY)', key('à', 'Digit0', ctrl)],
      ['Ctrl+W (AZERTY, W at KeyZ)', key('w', 'KeyZ', ctrl)],
      ['Ctrl+W (Arabic layout: ص at KeyW)', key('ص', 'KeyW', ctrl)],
      ['Ctrl+Shift+I (Arabic layout)', key('ه', 'KeyI', { control: true, shift: true })],
      ['Alt+Left', key('ArrowLeft', 'ArrowLeft', { alt: true })],
      ['Alt+Right', key('ArrowRight', 'ArrowRight', { alt: true })],
      ['BrowserBack', key('BrowserBack', 'BrowserBack')],
      ['BrowserRefresh', key('BrowserRefresh', 'BrowserRefresh')],
    ];
    for (const [name, input] of blocked) {
      expect(isBlockedKey(input), name).toBe(true);
      expect(isBlockedKey({ ...input, type: 'keyUp' }), `${name} (key up)`).toBe(true);
    }
  });

  it('lets the visitor and a keyboard-wedge scanner type: letters, digits, "-", Enter, Backspace, Escape, arrows, Tab', () => {
    const allowed: Array<[string, KeyInput]> = [
      ['w', key('w', 'KeyW')],
      ['W', key('W', 'KeyW', { shift: true })],
      ['q', key('q', 'KeyQ')],
      ['r', key('r', 'KeyR')],
      ['-', key('-', 'Minus')],
      ['+', key('+', 'Equal', { shift: true })],
      ['0', key('0', 'Digit0')],
      ['9', key('9', 'Digit9')],
      ['numpad -', key('-', 'NumpadSubtract')],
      ['Enter', key('Enter', 'Enter')],
      ['Backspace', key('Backspace', 'Backspace')],
      ['Escape', key('Escape', 'Escape')],
      ['Tab', key('Tab', 'Tab')],
      ['ArrowLeft', key('ArrowLeft', 'ArrowLeft')],
      ['Shift+Tab', key('Tab', 'Tab', { shift: true })],
      ['AltGr+)', key(']', 'Minus', { alt: true, control: true })],
      ['Ctrl+C', key('c', 'KeyC', ctrl)],
      ['Ctrl+V', key('v', 'KeyV', ctrl)],
      ['Ctrl+A', key('a', 'KeyA', ctrl)],
      ['F1', key('F1', 'F1')],
      ['Ctrl+Z (AZERTY, Z at KeyW)', key('z', 'KeyW', ctrl)],
      ['Ctrl+A (AZERTY, A at KeyQ)', key('a', 'KeyQ', ctrl)],
      ['ص (Arabic layout, KeyW)', key('ص', 'KeyW')],
    ];
    for (const [name, input] of allowed) expect(isBlockedKey(input), name).toBe(false);
  });

  it('lets a technician open the developer tools only when KIOSK_DEVTOOLS enabled them', () => {
    expect(isBlockedKey(key('I', 'KeyI', { control: true, shift: true }), { devTools: true })).toBe(false);
    expect(isBlockedKey(key('F12', 'F12'), { devTools: true })).toBe(false);
    expect(isBlockedKey(key('w', 'KeyW', ctrl), { devTools: true })).toBe(true);
  });
});
