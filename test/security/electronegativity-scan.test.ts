import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findingsFromCsv,
  judge,
  scanWithElectronegativity,
} from '../../scripts/security/electronegativity-scan';

describe('the electronegativity check', () => {
  it('reads the CSV report, quotes and commas in samples included', () => {
    const csv = [
      'issue, severity, confidence, filename, location, sample, description, url',
      'SANDBOX_JS_CHECK,"MEDIUM","FIRM","main/electron/window.ts","73:14","new BrowserWindow({ a: 1, b: ""x"" });","Use sandbox",https://x',
    ].join('\n');
    expect(findingsFromCsv(csv)).toEqual([
      {
        rule: 'SANDBOX_JS_CHECK',
        severity: 'MEDIUM',
        confidence: 'FIRM',
        file: 'main/electron/window.ts',
        location: '73:14',
        sample: 'new BrowserWindow({ a: 1, b: "x" });',
      },
    ]);
    expect(() => findingsFromCsv('something else\n')).toThrow(/unexpected header/);
  });

  it('fails a real finding in new code, and an entry that explains nothing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'eneg-fixture-'));
    try {
      // A window with Node in the page: the hole the check exists for.
      await mkdir(join(root, 'main', 'electron'), { recursive: true });
      await writeFile(
        join(root, 'main', 'electron', 'bad-window.ts'),
        "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n",
      );
      const findings = await scanWithElectronegativity(
        root,
        ['main/electron/bad-window.ts'],
        '39.5.0',
      );
      const rules = findings
        .filter((f) => f.file === 'main/electron/bad-window.ts')
        .map((f) => f.rule);
      expect(rules).toContain('NODE_INTEGRATION_JS_CHECK');
      expect(rules).toContain('CONTEXT_ISOLATION_JS_CHECK');
      const allowed = [
        {
          rule: 'CONTEXT_ISOLATION_JS_CHECK',
          file: 'main/electron/bad-window.ts',
          reason: 'r',
          pinnedBy: 't',
        },
        { rule: 'SANDBOX_JS_CHECK', file: 'main/electron/gone.ts', reason: 'r', pinnedBy: 't' },
      ];
      const { unexplained, stale } = judge(findings, allowed);
      expect(unexplained.map((f) => f.rule)).toContain('NODE_INTEGRATION_JS_CHECK');
      expect(unexplained.map((f) => f.rule)).not.toContain('CONTEXT_ISOLATION_JS_CHECK');
      expect(stale.map((a) => a.file)).toEqual(['main/electron/gone.ts']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 200_000);
});
