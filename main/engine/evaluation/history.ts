import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { evalReportSchema, type EvalReport } from '../../contract/eval-schemas';
import { writeFileAtomic } from '../io/atomic-write';
import { sanitizeKey } from './open-source';

/**
 * Evaluation history: each report is one JSON file, `<dataDir>/evaluations/<model-key>/<id>.json`,
 * written atomically. The model key is the library id of the evaluated model, or for a folder or
 * a model file its sanitised name plus a short hash of its path (open-source.ts `fileKey`).
 * Reading never fails on a bad file: a damaged or foreign report is skipped with a notice.
 */
export function evaluationsDir(dataDir: string): string {
  return join(dataDir, 'evaluations');
}

export async function saveEvaluation(
  dataDir: string,
  modelKey: string,
  report: EvalReport,
): Promise<string> {
  const dir = join(evaluationsDir(dataDir), sanitizeKey(modelKey));
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${sanitizeKey(report.id)}.json`);
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** Saved reports, newest first; of one model key, or of all. */
export async function listEvaluations(
  dataDir: string,
  modelKey?: string,
  onNotice: (message: string) => void = (message) => console.warn(message),
): Promise<EvalReport[]> {
  const root = evaluationsDir(dataDir);
  const keys =
    modelKey !== undefined
      ? [sanitizeKey(modelKey)]
      : (await readdir(root, { withFileTypes: true }).catch(() => []))
          .filter((e) => e.isDirectory())
          .map((e) => e.name);
  const reports: EvalReport[] = [];
  for (const key of keys) {
    const dir = join(root, key);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (name.startsWith('.') || !name.endsWith('.json')) continue; // temp files of a write
      const report = await readReport(join(dir, name), onNotice);
      if (report) reports.push(report);
    }
  }
  return reports.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

async function readReport(
  file: string,
  onNotice: (message: string) => void,
): Promise<EvalReport | null> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    onNotice(`Skipped evaluation ${file}: ${(err as Error).message.split('\n')[0]}.`);
    return null;
  }
  const parsed = evalReportSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue
    ? `${issue.path.join('.') || 'top level'}: ${issue.message}`
    : 'unexpected content';
  onNotice(`Skipped evaluation ${file}: not a report this version reads (${where}).`);
  return null;
}
