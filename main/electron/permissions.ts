/**
 * Permissions the renderer may be granted. The app uses none (no camera, microphone, location,
 * notifications, clipboard reads, MIDI, HID/USB/serial, fullscreen requests…): Electron's default
 * is to grant every request, so without these handlers any script that ever ran in the page could
 * ask for them. Add a name here only together with the feature that needs it.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set<string>();

/**
 * What denyUnusedPermissions needs of a session: its three permission setters, taking handlers
 * that look at nothing but the permission's name. Electron's Session satisfies it (its handlers
 * receive more: the WebContents, a details object), and so does the tests' fake session.
 */
export interface PermissionHandlerSetters {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

/** Denies, in a session, every permission request and check the app does not use, and all devices. */
export function denyUnusedPermissions(session: PermissionHandlerSetters): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(GRANTED_PERMISSIONS.has(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => GRANTED_PERMISSIONS.has(permission));
  session.setDevicePermissionHandler(() => false);
}
