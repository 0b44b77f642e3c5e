import type { ModelBinding } from '../../../main/contract/project-channels';
import type { Project, ProjectModel } from '../../../main/contract/project-schemas';

export type RecentProject = {
  path: string;
  name: string;
  modelName: string;
  savedAt: string;
  autosave: boolean;
  exists: boolean;
};

/** A project that opened without its model: kept aside until the user locates the model. */
export interface PendingProject {
  path: string;
  project: Project;
  missing: Extract<ModelBinding, { status: 'missing' }>;
  /** A located file whose SHA-256 differs: the user may use it anyway. */
  mismatch: { modelPath: string; message: string } | null;
}

/** The open project as the session knows it (the document itself is `doc`). */
export interface ProjectSession {
  /** null until project.create has answered (the first save needs its id). */
  id: string | null;
  name: string;
  createdAt: string;
  appVersion: string;
  /** The model record of the file (kept from the file, so a rebinding is saved). */
  model: ProjectModel | null;
  /** Where it is saved: a chosen path, or the data folder's autosave while untitled. */
  path: string | null;
  /** True while the project has no name of its own (saved only as an autosave). */
  untitled: boolean;
  /** The document changed since the last save (saved again a moment later). */
  dirty: boolean;
  savedAt: string | null;
  recent: RecentProject[];
  /** Which project dialog is open. */
  dialog: 'open' | 'save-as' | null;
  pending: PendingProject | null;
  /** A Save As refused because the folder holds something else: the path to confirm. */
  confirmOverwrite: string | null;
}

export const initialProject: ProjectSession = {
  id: null,
  name: 'Untitled project',
  createdAt: '',
  appVersion: '',
  model: null,
  path: null,
  untitled: true,
  dirty: false,
  savedAt: null,
  recent: [],
  dialog: null,
  pending: null,
  confirmOverwrite: null,
};
