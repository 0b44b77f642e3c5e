// `npm run security`: electronegativity over the desktop shell's code (main/electron, preload,
// the renderer's page), offline. Fails on any finding that electronegativity-false-positives.json
// does not explain, and on an entry there that explains nothing any more.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  judge,
  scanWithElectronegativity,
  type FalsePositive,
  type Finding,
} from './electronegativity-scan';

const root = join(import.meta.dirname, '..', '..');

async function shellFiles(): Promise<string[]> {
  const ts = async (dir: string) =>
    (await readdir(join(root, dir)))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
      .map((f) => `${dir}/${f}`);
  return [...(await ts('main/electron')), ...(await ts('preload')), 'renderer/index.html'];
}

const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const electron = pkg.optionalDependencies?.electron ?? pkg.devDependencies?.electron;
if (!electron) throw new Error('package.json names no electron version.');

const files = await shellFiles();
const started = Date.now();
const findings = await scanWithElectronegativity(root, files, electron.replace(/^[^\d]*/, ''));
const allowed = JSON.parse(
  await readFile(join(import.meta.dirname, 'electronegativity-false-positives.json'), 'utf8'),
) as FalsePositive[];
const { unexplained, stale } = judge(findings, allowed);

const line = (f: Finding) =>
  `  ${f.rule} (${f.severity}, ${f.confidence}) ${f.file}:${f.location} ${f.sample}`;
console.log(
  `electronegativity: ${files.length} files, ${findings.length} findings, ${findings.length - unexplained.length} explained as false positives (${((Date.now() - started) / 1000).toFixed(1)} s).`,
);
if (unexplained.length > 0)
  console.error(
    `Findings with no recorded reason (fix them, or add rule + file + reason to scripts/security/electronegativity-false-positives.json):\n${unexplained.map(line).join('\n')}`,
  );
if (stale.length > 0)
  console.error(
    `Entries in electronegativity-false-positives.json that match no finding any more (remove them):\n${stale.map((a) => `  ${a.rule} ${a.file}`).join('\n')}`,
  );
if (unexplained.length > 0 || stale.length > 0) process.exit(1);
