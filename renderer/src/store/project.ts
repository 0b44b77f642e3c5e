/** The open project as the session knows it (the document itself is `doc`). */
export interface ProjectSession {
  /** The project file on the engine's machine, or null until first saved. */
  path: string | null;
  name: string;
  /** The document changed since the last save (autosave keeps a recovery copy meanwhile). */
  dirty: boolean;
  savedAt: number | null;
  autosavedAt: number | null;
  recent: { path: string; name: string; savedAt: string }[];
  /** Set when the open project's model is not in the library: which one, so the user can locate it. */
  missingModel: { name: string; sha256: string } | null;
}

export const initialProject: ProjectSession = {
  path: null,
  name: 'Untitled project',
  dirty: false,
  savedAt: null,
  autosavedAt: null,
  recent: [],
  missingModel: null,
};
