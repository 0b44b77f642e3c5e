/** The Electron binary's path, or why there is none (electron-binary.mjs). */
export type ElectronBinary = { path: string; reason: null } | { path: null; reason: string };

/** `from`: a file or file: URL to resolve the electron package from (default: this repository). */
export function findElectronBinary(from?: string): ElectronBinary;
