/**
 * Fixture discovery for codemod tests: every `<case>.input.<ext>` in
 * codemods/__testfixtures__/<transform>/ is a case; `<case>.output.<ext>` is the expected result,
 * and a case without one must come out unchanged. A first line `// skips: id, id` lists the message
 * ids the transform must report for the case, in line order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../../codemods/__testfixtures__');

export interface Case {
  name: string;
  inputPath: string;
  input: string;
  outputPath: string;
  /** Expected output, or null when the case must stay unchanged. */
  output: string | null;
  /** Message ids the transform must report, in line order. */
  skips: string[];
}

export function cases(transform: string): Case[] {
  const dir = path.join(FIXTURES, transform);
  return fs
    .readdirSync(dir)
    .map((f) => /^(.+)\.input\.([cm]?[jt]sx?)$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([file, name, ext]) => {
      const inputPath = path.join(dir, file!);
      const outputPath = path.join(dir, `${name}.output.${ext}`);
      const input = fs.readFileSync(inputPath, 'utf8');
      const header = /^\/\/ skips: (.+)$/m.exec(input.split('\n')[0] ?? '');
      return {
        name: name!,
        inputPath,
        input,
        outputPath,
        output: fs.existsSync(outputPath) ? fs.readFileSync(outputPath, 'utf8') : null,
        skips: header ? header[1]!.split(',').map((s) => s.trim()) : [],
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Output files that have no input (a renamed or deleted case). */
export function orphanOutputs(transform: string): string[] {
  const dir = path.join(FIXTURES, transform);
  const files = new Set(fs.readdirSync(dir));
  return [...files].filter((f) => {
    const m = /^(.+)\.output\.(\w+)$/.exec(f);
    return m && !files.has(`${m[1]}.input.${m[2]}`);
  });
}
