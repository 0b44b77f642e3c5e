import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { StudioError } from '../../contract/channels';
import { CHECKPOINT_FILES } from './checkpoint';
import { verifyFolder } from './checkpoint-files';

/** What a resume would do, found before any training starts. */
export interface ResumePlan {
  /** The newest checkpoint whose manifest verifies; null when there is none. */
  from: { step: number; dir: string } | null;
  /** Newer checkpoints passed over, each with the reason in words. */
  skipped: { dir: string; why: string }[];
  /** Whether the folder holds any checkpoint folder at all (good or not). */
  any: boolean;
}

/** step-* folders, newest first (numeric order). */
async function stepFolders(outDir: string): Promise<string[]> {
  const names = await readdir(join(outDir, 'checkpoints')).catch(() => [] as string[]);
  return names
    .filter((n) => /^step-\d+$/.test(n))
    .sort((a, b) => Number(b.slice(5)) - Number(a.slice(5)));
}

/**
 * Which checkpoint a resume of `outDir` would continue from, and which newer ones it would skip
 * and why: the same verification the trainer does (every file against its manifest's SHA-256),
 * done first so the run can say so, or stop and ask when nothing can be resumed.
 */
export async function planResume(outDir: string): Promise<ResumePlan> {
  const names = await stepFolders(outDir);
  const skipped: ResumePlan['skipped'] = [];
  for (const name of names) {
    const dir = join(outDir, 'checkpoints', name);
    const verdict = await verifyFolder(dir, CHECKPOINT_FILES);
    if (typeof verdict === 'string') skipped.push({ dir, why: verdict });
    else return { from: { step: verdict.step, dir }, skipped, any: true };
  }
  return { from: null, skipped, any: names.length > 0 };
}

/** The plan in one or two sentences for the run's status line (paths relative to the run). */
export function describeResume(outDir: string, plan: ResumePlan): string {
  const where = (dir: string) => relative(outDir, dir);
  const skipped = plan.skipped.map((s) => `skipped ${where(s.dir)} (${s.why})`);
  if (!plan.from) return `Nothing to resume: ${skipped.join('; ') || 'no checkpoints'}.`;
  const from = `Resumed from step ${plan.from.step} (${where(plan.from.dir)})`;
  return skipped.length ? `${from}; ${skipped.join('; ')}.` : `${from}.`;
}

/**
 * Throws, in words and before anything is written or deleted, when a resume of `outDir` cannot
 * continue from any checkpoint: the run stops and the user decides (another folder, or move the
 * checkpoints away to start over). Returns the plan otherwise.
 */
export async function requireResumable(outDir: string): Promise<ResumePlan> {
  const plan = await planResume(outDir);
  if (plan.from) return plan;
  if (!plan.any)
    throw new StudioError(
      'NOT_FOUND',
      `There is nothing to resume in ${outDir}: it holds no checkpoints. Start a new run instead (without resume).`,
    );
  const reasons = plan.skipped.map((s) => `${relative(outDir, s.dir)}: ${s.why}`).join('; ');
  throw new StudioError(
    'BAD_FILE',
    `No checkpoint in ${outDir} can be resumed (${reasons}). Nothing was started or deleted. Start a new run in another folder, or move ${join(outDir, 'checkpoints')} away to start over here.`,
  );
}
