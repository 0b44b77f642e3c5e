import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../contract/channels';
import {
  migrateProject,
  projectProblems,
  projectSchema,
  PROJECT_EXTENSION,
  type Project,
} from '../../contract/project-schemas';
import { writeFileAtomic } from '../io/atomic-write';
import { externalise, internalise, packRows, rowReader, sha256Hex } from './latent-blob';

/**
 * A project on disk is a folder NAME.lsproj/ holding
 *   project.json               the project (project-schemas.ts) with vectors replaced by "@bin:N",
 *                              plus `latents: { file, sha256, count, dim }` (or null)
 *   latents-<sha256:16>.bin    the vectors, `dim` float32 little-endian per row
 *
 * project.json is the commit point. A save writes the latents file first under a name made from
 * its own hash (never over the file the current project.json names), then replaces project.json
 * atomically, then deletes latents files no longer named. A crash at any moment leaves either the
 * old project.json with its old latents file or the new one with its new file. See README.md.
 */
export const PROJECT_JSON = 'project.json';
const MAX_JSON_BYTES = 512 * 1024 * 1024;

const latentsRecord = z
  .object({
    file: z.string().regex(/^latents-[0-9a-f]{16}\.bin$/),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    count: z.number().int().min(0),
    dim: z.number().int().positive(),
  })
  .nullable();

/** The folder a path names: adds .lsproj when missing; a project.json path means its folder. */
export function projectFolderOf(path: string): string {
  if (basename(path) === PROJECT_JSON) return join(path, '..');
  return path.endsWith(PROJECT_EXTENSION) ? path : `${path}${PROJECT_EXTENSION}`;
}

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** What `dir` holds now: nothing, a project (its id), or something else. */
type Existing = { kind: 'none' } | { kind: 'project'; id: string } | { kind: 'other' };

async function existingProject(dir: string): Promise<Existing> {
  const entries = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    if (err.code === 'ENOTDIR') return 'file' as const;
    throw err;
  });
  if (entries === null) return { kind: 'none' };
  if (entries === 'file') return { kind: 'other' };
  if (!entries.includes(PROJECT_JSON))
    return entries.length === 0 ? { kind: 'none' } : { kind: 'other' };
  try {
    const doc = JSON.parse(await readFile(join(dir, PROJECT_JSON), 'utf8')) as { id?: unknown };
    return typeof doc.id === 'string' ? { kind: 'project', id: doc.id } : { kind: 'other' };
  } catch {
    return { kind: 'other' };
  }
}

/** Everything but the save time, to tell whether a save would change anything. */
function comparable(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const { modifiedAt: _, ...rest } = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify(rest);
  } catch {
    return undefined;
  }
}

export interface SaveResult {
  dir: string;
  savedAt: string;
  wrote: boolean;
  latentCount: number;
}

export async function saveProjectFolder(
  path: string,
  project: Project,
  options: { overwrite?: boolean } = {},
): Promise<SaveResult> {
  const dir = projectFolderOf(path);
  const problems = projectProblems(project);
  if (problems.length > 0)
    throw new StudioError(
      'BAD_REQUEST',
      `The project was not saved: ${problems.slice(0, 3).join(' ')}`,
    );
  const existing = await existingProject(dir);
  const same =
    existing.kind === 'none' || (existing.kind === 'project' && existing.id === project.id);
  if (!same && !options.overwrite) {
    throw new StudioError(
      'BAD_REQUEST',
      existing.kind === 'other'
        ? `"${dir}" already exists and is not a Latent Studio project; choose another name, or confirm to replace it.`
        : `"${dir}" holds another project; choose another name, or confirm to replace it.`,
    );
  }
  await mkdir(dir, { recursive: true });
  const dim = project.model.latentDim;
  const { doc, rows } = externalise(project, dim);
  let latents: z.infer<typeof latentsRecord> = null;
  if (rows.length > 0) {
    const bytes = packRows(rows, dim);
    const sha256 = sha256Hex(bytes);
    const file = `latents-${sha256.slice(0, 16)}.bin`;
    const onDisk = await stat(join(dir, file)).catch(() => null);
    // Content-addressed: a file of that name and size already holds exactly these rows.
    if (onDisk?.size !== bytes.length) await writeFileAtomic(join(dir, file), bytes);
    latents = { file, sha256, count: rows.length, dim };
  }
  const savedAt = new Date().toISOString();
  const text = `${JSON.stringify({ ...(doc as object), modifiedAt: savedAt, latents }, null, 1)}\n`;
  const previous = (await readIfExists(join(dir, PROJECT_JSON)))?.toString('utf8');
  const wrote = comparable(previous) !== comparable(text);
  if (wrote) await writeFileAtomic(join(dir, PROJECT_JSON), text);
  for (const entry of await readdir(dir)) {
    if (/^latents-[0-9a-f]{16}\.bin$/.test(entry) && entry !== latents?.file)
      await unlink(join(dir, entry)).catch(() => undefined);
  }
  return {
    dir,
    savedAt: wrote ? savedAt : (JSON.parse(previous!) as Project).modifiedAt,
    wrote,
    latentCount: rows.length,
  };
}

export interface OpenedProject {
  dir: string;
  project: Project;
  warnings: string[];
}

function bad(dir: string, reason: string): StudioError {
  return new StudioError('BAD_FILE', `Cannot open the project "${dir}": ${reason}`);
}

export async function openProjectFolder(path: string): Promise<OpenedProject> {
  const dir = basename(path) === PROJECT_JSON ? join(path, '..') : path;
  const jsonFile = join(dir, PROJECT_JSON);
  const info = await stat(jsonFile).catch(() => null);
  if (!info) throw bad(dir, `there is no ${PROJECT_JSON} in it (is it a .lsproj folder?).`);
  if (info.size > MAX_JSON_BYTES)
    throw bad(dir, `${PROJECT_JSON} is ${info.size} bytes, too large to be a project.`);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(jsonFile, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw bad(dir, `${PROJECT_JSON} is not valid JSON (${(err as Error).message}).`);
  }
  let doc: unknown;
  try {
    doc = migrateProject(raw);
  } catch (err) {
    throw bad(dir, (err as Error).message);
  }
  const latents = latentsRecord.safeParse((doc as Record<string, unknown>).latents ?? null);
  if (!latents.success) throw bad(dir, `its "latents" record is malformed.`);
  let rows: (row: number) => string = () => {
    throw bad(dir, 'it refers to stored latents but names no latents file.');
  };
  if (latents.data) {
    const { file, sha256, count, dim } = latents.data;
    const bytes = await readIfExists(join(dir, file));
    if (!bytes) throw bad(dir, `its latents file ${file} is missing.`);
    if (bytes.length !== count * dim * 4 || sha256Hex(bytes) !== sha256)
      throw bad(
        dir,
        `its latents file ${file} is damaged (size or SHA-256 does not match project.json).`,
      );
    rows = rowReader(new Uint8Array(bytes), dim, file);
  }
  const { latents: _, ...withRefs } = internalise(doc, rows) as Record<string, unknown>;
  const parsed = projectSchema.safeParse(withRefs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw bad(
      dir,
      `${PROJECT_JSON} does not have the expected content${where}: ${issue?.message ?? 'unknown'}.`,
    );
  }
  return { dir, project: parsed.data, warnings: projectProblems(parsed.data) };
}
