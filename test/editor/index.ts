// Runs INSIDE the VS Code extension host: scripts/vscode/runEditorTests.mjs passes the compiled
// file as extensionTestsPath and VS Code calls run(); a rejection fails the run (exit code 1).
// Only the host provides the `vscode` module, so nothing here may be loaded by the unit tests
// (.mocharc.json takes out/test/unit only).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Every compiled *.test.js beside this file and below it, in a stable order. */
function testFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, f));
}

export async function run(): Promise<void> {
  // The spec reporter writes through console.log, which the host forwards to the workbench and the
  // runner prints; colours would arrive as escape codes.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  const grep = process.env.COSTLENS_EDITOR_TEST_GREP;
  if (grep) mocha.grep(grep);
  // A multi-root window runs the tests made for it (multiRoot/), an untrusted one those in
  // untrusted/, a trusted folder window the others.
  const mode = process.env.COSTLENS_EDITOR_TEST_MODE ?? 'folder';
  const dirOf = (file: string) => (file.includes(`${path.sep}multiRoot${path.sep}`) ? 'multi-root' : file.includes(`${path.sep}untrusted${path.sep}`) ? 'untrusted' : 'folder');
  for (const file of testFiles(__dirname)) if (dirOf(file) === mode) mocha.addFile(file);
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats!));
  });
  // A closing line that CI reads as a count, which the spec reporter's "N passing" is not.
  console.log(`editor: ${stats.passes} passed, ${stats.failures} failed, ${stats.pending} skipped`);
  if (stats.failures > 0) throw new Error(`${stats.failures} editor test(s) failed`);
}
