import type { ScanReport } from '../../contract/training-schemas';
import { openCliContext, stderrProgress } from '../cli-context';
import { printResult } from '../output';

/**
 * `latent-studio scan FOLDER [--json]`: the training pre-flight check. With --json, exactly the
 * ScanReport object (it is a `dataset.scan` request, through the same dispatch as the app's); otherwise a summary a person can act on.
 * Progress goes to stderr, and only on a terminal, so piped output stays clean.
 */
export async function scanCommand(folder: string, json: boolean): Promise<void> {
  const live = !json && process.stderr.isTTY === true;
  const ctx = await openCliContext();
  const report = await ctx.callJob(
    'dataset.scan',
    { folder },
    live ? stderrProgress(true) : () => undefined,
  );
  if (live) process.stderr.write('\r\x1b[K');
  printResult(json, report, () => describeScanReport(report));
}

export function describeScanReport(report: ScanReport): string {
  const formats = Object.entries(report.formats)
    .sort((a, b) => b[1] - a[1])
    .map(([format, n]) => `${format} ${n}`)
    .join(', ');
  const lines = [
    `${report.folder}`,
    `  ${report.usable} usable image${report.usable === 1 ? '' : 's'}${formats ? ` (${formats})` : ''}, ${report.rejected.length} rejected`,
  ];
  if (report.rejected.length) {
    lines.push('', 'Rejected:');
    for (const r of report.rejected) lines.push(`  ${r.file}: ${r.reason}`);
  }
  if (report.duplicates.length) {
    lines.push('', 'Duplicates and near-duplicates:');
    for (const [a, b] of report.duplicates) lines.push(`  ${a}  ≈  ${b}`);
  }
  if (report.warnings.length) {
    lines.push('', 'Warnings:');
    for (const w of report.warnings) lines.push(`  - ${w}`);
  }
  return lines.join('\n');
}
