import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** One finding of electronegativity's CSV report. */
export interface Finding {
  rule: string;
  severity: string;
  confidence: string;
  /** Relative to the scanned folder, '/'-separated ("N/A" for whole-app checks). */
  file: string;
  location: string;
  sample: string;
}

/** A finding judged not to be a hole, with the reason and the test that pins the real setting. */
export interface FalsePositive {
  rule: string;
  file: string;
  reason: string;
  pinnedBy: string;
}

/**
 * The checks that reach the network: the list of Electron releases (a GitHub download with no
 * timeout, so it could hang CI). Electron's version is pinned in package.json and upgraded on
 * purpose, so skipping this check loses nothing the upgrade does not review. (The tool also
 * fetches translations with a 1 s timeout and goes on in English: tolerated.)
 */
export const NETWORK_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/** A run longer than this has hung (it takes seconds): the check fails in words. */
export const SCAN_TIMEOUT_MS = 180_000;

/** Parses the tool's CSV (quoted fields, "" inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field.trim());
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field.trim());
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

export function findingsFromCsv(text: string): Finding[] {
  const [header, ...rows] = parseCsv(text);
  if (!header || header[0] !== 'issue' || header[3] !== 'filename')
    throw new Error(`electronegativity's report has an unexpected header: ${header?.join(', ')}`);
  return rows.map((r) => ({
    rule: r[0] ?? '',
    severity: r[1] ?? '',
    confidence: r[2] ?? '',
    file: (r[3] ?? '').split('\\').join('/'),
    location: r[4] ?? '',
    sample: r[5] ?? '',
  }));
}

/**
 * Findings that no false-positive entry explains (same rule and file), and entries that explain
 * nothing any more (the code changed: the list must stay true, so those fail too).
 */
export function judge(
  findings: Finding[],
  allowed: FalsePositive[],
): { unexplained: Finding[]; stale: FalsePositive[] } {
  const explains = (a: FalsePositive, f: Finding) => a.rule === f.rule && a.file === f.file;
  return {
    unexplained: findings.filter((f) => !allowed.some((a) => explains(a, f))),
    stale: allowed.filter((a) => !findings.some((f) => explains(a, f))),
  };
}

/**
 * Runs electronegativity over `files` (paths relative to `root`, copied into a temporary folder
 * with the same layout, so reported names are repository paths) as Electron `electronVersion`,
 * without its network checks, and returns its findings.
 */
export async function scanWithElectronegativity(
  root: string,
  files: string[],
  electronVersion: string,
): Promise<Finding[]> {
  const require = createRequire(import.meta.url);
  const bin = join(
    dirname(require.resolve('@doyensec/electronegativity/package.json')),
    'dist',
    'index.js',
  );
  const stage = await mkdtemp(join(tmpdir(), 'electronegativity-'));
  try {
    const input = join(stage, 'input');
    for (const file of files) await cp(join(root, file), join(input, file));
    const csv = join(stage, 'report.csv');
    const args = [bin, '-i', input, '-o', csv, '-r', '-v', 'false', '-e', electronVersion];
    args.push('-x', NETWORK_CHECKS.join(','));
    // Now and then (2 of 8 CI runs on 2026-12-02) the tool's report comes back with its first
    // finding cut mid-sentence, which swallows the rows after it; a rule id that is not one
    // (RULE_NAME) marks such a report, and the scan is run again, up to three times.
    let findings: Finding[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const { code, output } = await run(process.execPath, args, SCAN_TIMEOUT_MS);
      if (code !== 0) throw new Error(`electronegativity exited with ${code}:\n${output}`);
      const text = await readFile(csv, 'utf8').catch(() => null);
      if (text === null) throw new Error(`electronegativity wrote no report:\n${output}`);
      findings = findingsFromCsv(text);
      if (findings.every((f) => /^[A-Z][A-Z0-9_]*$/.test(f.rule))) return findings;
      await rm(csv, { force: true });
    }
    throw new Error(
      `electronegativity's report was malformed three times running:\n${findings.map((f) => f.rule).join('\n')}`,
    );
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

function run(
  command: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`electronegativity did not finish within ${timeoutMs / 1000} s:\n${output}`),
      );
    }, timeoutMs);
    child.on('error', (err) => (clearTimeout(timer), reject(err)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? 'killed', output });
    });
  });
}
