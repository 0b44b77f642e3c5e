import { execFileSync } from 'node:child_process';

/**
 * Reads a ZIP with an independent implementation, Python's zipfile (Debian's python3): testzip()
 * checks every member's CRC, then every member is extracted into `dir`. Returns the member names.
 */
export function pythonUnzip(zip: string, dir: string): string[] {
  const script = [
    'import sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'bad = z.testzip()',
    'assert bad is None, bad',
    'z.extractall(sys.argv[2])',
    'print("\\n".join(z.namelist()))',
  ].join('\n');
  return execFileSync('/usr/bin/python3', ['-c', script, zip, dir], { encoding: 'utf8' })
    .trim()
    .split('\n');
}
