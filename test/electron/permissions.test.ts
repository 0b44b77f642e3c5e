import { beforeEach, describe, expect, it, vi } from 'vitest';
import { denyUnusedPermissions } from '../../main/electron/permissions';
import { FakeWebContents, resetFakeElectron, session } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

// Electron grants every permission request unless the app installs handlers.
const ASKED = [
  'media',
  'geolocation',
  'notifications',
  'clipboard-read',
  'clipboard-sanitized-write',
  'midiSysex',
  'pointerLock',
  'fullscreen',
  'openExternal',
  'display-capture',
  'hid',
  'serial',
  'usb',
  'unknown',
];

describe('permissions of the desktop shell', () => {
  beforeEach(() => resetFakeElectron());

  it('every permission request, permission check and device request is denied', () => {
    const s = session.defaultSession;
    expect(s.requestHandler).toBeNull();
    denyUnusedPermissions(s);
    const contents = new FakeWebContents();
    for (const permission of ASKED) {
      const answers: boolean[] = [];
      s.requestHandler!(contents, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
      expect(s.checkHandler!(contents, permission, 'app://renderer'), permission).toBe(false);
      expect(s.checkHandler!(null, permission, 'https://example.com'), permission).toBe(false);
    }
    expect(s.deviceHandler!({ deviceType: 'usb', origin: 'app://renderer' })).toBe(false);
  });
});
