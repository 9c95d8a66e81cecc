// What a hostile workspace tried (issue 12), each on real files, links, FIFOs and processes: code
// that reads a link to /proc/self/environ, /etc/passwd or a file elsewhere; a path argument or a
// folder that links out; `check --fix` resetting modes and breaking hard links; two path
// arguments joined into one; terminal escapes in file names; the debris of a killed fix; and a
// call nested too deep for the parser's queries.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { folderFileReader, readInside, WorkspaceBoundary } from '../../src/core/analysis/boundary';
import { extractCode } from '../../src/core/extract/code/extract';
import { loadParsers } from '../../src/core/extract/code/parser';
import type { Report } from '../../src/core/report/report';
import { printable } from '../../src/core/report/format';
import { mdCode, mdText } from '../../src/core/report/markdown';

const bin = path.join(__dirname, '../../../bin/costlens.js');

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** Agent code that reads its system prompt from a file beside it. */
const reads = (file: string) => `import os
from openai import OpenAI

client = OpenAI()

def answer(question):
    system = open(os.path.join(os.path.dirname(__file__), "${file}")).read()
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": system}, {"role": "user", "content": question}])
`;

/** A call `check --fix-unsafe` gives an output cap. */
const FIXABLE = `from openai import OpenAI

client = OpenAI()

def ask(q):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])
`;

const CAP = 'max_completion_tokens=1024';

describe('a hostile workspace', function () {
  this.timeout(60_000);
  let top: string;
  let ws: string;
  let outside: string;
  beforeEach(() => {
    top = mkdtempSync(path.join(tmpdir(), 'costlens-hostile-'));
    ws = path.join(top, 'ws');
    outside = path.join(top, 'outside');
    mkdirSync(path.join(ws, '.git'), { recursive: true });
    mkdirSync(outside);
  });
  afterEach(() => rmSync(top, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
    writeFileSync(path.join(ws, rel), text);
  };

  describe('links out of the workspace', () => {
    it('a file read by code that links to /proc/self/environ, /etc/passwd or a file elsewhere is not read, not cached, and is said; a link inside is followed', () => {
      const secret = `costlens-secret-${process.pid}-${Date.now()}`;
      const elsewhere = `elsewhere-secret-${Date.now()}`;
      writeFileSync(path.join(outside, 'secret.txt'), `${elsewhere}\n`);
      write('shared/system.txt', 'You answer questions about parcels, politely and in two sentences at most.\n');
      for (const name of ['env', 'pw', 'out', 'in']) write(`src/${name}.py`, reads(`${name}.txt`));
      symlinkSync('/proc/self/environ', path.join(ws, 'src/env.txt'));
      symlinkSync('/etc/passwd', path.join(ws, 'src/pw.txt'));
      symlinkSync(path.join(outside, 'secret.txt'), path.join(ws, 'src/out.txt'));
      symlinkSync('../shared/system.txt', path.join(ws, 'src/in.txt'));
      const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0];
      const scanned = () => spawnSync(process.execPath, [bin, 'scan', '--format', 'json'], { cwd: ws, encoding: 'utf8', env: { ...process.env, COSTLENS_HOSTILE_SECRET: secret }, timeout: 30_000 });
      for (const pass of ['fresh', 'from the cache']) {
        const r = scanned();
        assert.equal(r.status, 0, r.stderr);
        const cache = readFileSync(path.join(ws, '.costlens_cache/analysis-v1.json'), 'utf8');
        for (const [what, text] of [['report', r.stdout], ['cache', cache]]) {
          assert.ok(!text.includes(secret), `${pass}: the environment's secret is not in the ${what}`);
          assert.ok(!text.includes(elsewhere), `${pass}: the outside file is not in the ${what}`);
          assert.ok(!text.includes(passwd), `${pass}: /etc/passwd is not in the ${what}`);
        }
        assert.ok(cache.includes('You answer questions about parcels'), `${pass}: the link inside the workspace is read`);
        const report = JSON.parse(r.stdout) as Report;
        const said = report.errors.map((e) => `${e.path}: ${e.message}`);
        for (const name of ['env', 'pw', 'out']) {
          assert.ok(said.includes(`src/${name}.txt: skipped: symbolic link to a path outside the workspace (read by src/${name}.py)`), `${pass}: ${said.join('\n')}`);
        }
        assert.ok(!said.some((m) => m.startsWith('src/in.txt')), 'the link inside is no error');
        assert.equal(report.callSites.length, 4, 'every call is still priced');
      }
    });

    it('a path argument that links out, or lies outside, is refused (exit 2, named); check --fix-unsafe writes nothing outside', async () => {
      // The folder outside is a repository of its own: its .git must not make the link a workspace.
      mkdirSync(path.join(outside, '.git'));
      mkdirSync(path.join(outside, 'sub'));
      writeFileSync(path.join(outside, 'o.py'), FIXABLE);
      writeFileSync(path.join(outside, 'sub/o2.py'), FIXABLE);
      symlinkSync(outside, path.join(ws, 'link'));
      write('app/main.py', FIXABLE);
      for (const args of [['check', '--fix-unsafe', 'link'], ['check', '--fix-unsafe', 'link/sub'], ['scan', 'link/o.py']]) {
        const r = await run(args, ws);
        assert.equal(r.code, 2, args.join(' '));
        assert.match(r.stderr, /^costlens: link[/\w.]* is a symbolic link to a path outside the workspace \(.*ws\): not scanned\n/, args.join(' '));
      }
      const both = await run(['check', '--fix-unsafe', '.', '../outside'], ws);
      assert.equal(both.code, 2);
      assert.match(both.stderr, /^costlens: \.\.\/outside is outside the workspace \(.*ws, the folder with \.costlens\.json or \.git at or above the first path\): scan it on its own\n/);
      assert.doesNotMatch(both.stderr, /\n\s+at /, 'no stack trace');
      const missing = await run(['scan', '.', 'nope'], ws);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /^costlens: no such file or folder: nope\n/);
      // The whole workspace: the link is said and not followed; the file inside is fixed.
      const all = await run(['check', '--fix-unsafe', '.', '--format', 'json'], ws);
      const report = JSON.parse(all.stdout) as Report;
      assert.deepEqual(report.errors.filter((e) => e.path === 'link').map((e) => e.message), ['skipped: symbolic link to a path outside the workspace']);
      assert.ok(readFileSync(path.join(ws, 'app/main.py'), 'utf8').includes(CAP), 'the file inside is fixed');
      assert.equal(readFileSync(path.join(outside, 'o.py'), 'utf8'), FIXABLE, 'nothing written outside');
      assert.equal(readFileSync(path.join(outside, 'sub/o2.py'), 'utf8'), FIXABLE, 'nothing written outside');
      // From inside the outside repository, through its own path, it is a workspace like any other.
      assert.equal((await run(['scan', '.'], outside)).code, 0);
    });

    it('neither the settings file nor the cache folder is followed out of the workspace', async () => {
      writeFileSync(path.join(outside, 'settings.json'), 'OUTSIDE-SETTINGS-TEXT is not JSON');
      mkdirSync(path.join(outside, 'cache'));
      symlinkSync(path.join(outside, 'settings.json'), path.join(ws, '.costlens.json'));
      symlinkSync(path.join(outside, 'cache'), path.join(ws, '.costlens_cache'));
      write('app/main.py', FIXABLE);
      const r = await run(['scan', '--format', 'json'], ws);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!r.stdout.includes('OUTSIDE-SETTINGS'), 'the text of the file outside is not quoted in an error');
      const report = JSON.parse(r.stdout) as Report;
      assert.ok(report.errors.some((e) => e.path === '.costlens.json' && e.message === 'not read: symbolic link to a path outside the workspace'), JSON.stringify(report.errors));
      assert.ok(report.errors.some((e) => e.path === '.costlens_cache' && /not used: symbolic link to a path outside the workspace/.test(e.message)), JSON.stringify(report.errors));
      assert.deepEqual(readdirSync(path.join(outside, 'cache')), [], 'nothing written in the folder outside');
      assert.equal(report.callSites.length, 1);
    });

    it("the editor's reader of a folder's files resolves links too: a link out is not read even when its target is open", () => {
      writeFileSync(path.join(outside, 'secret.txt'), 'outside\n');
      write('prompts/system.txt', 'inside\n');
      symlinkSync(path.join(outside, 'secret.txt'), path.join(ws, 'out.txt'));
      symlinkSync('prompts/system.txt', path.join(ws, 'in.txt'));
      const opened = new Map([[path.join(ws, 'out.txt'), 'outside, as edited']]);
      const read = folderFileReader(ws, (abs) => opened.get(abs));
      assert.equal(read('out.txt'), undefined);
      assert.equal(read('in.txt'), 'inside\n');
      assert.equal(read('../outside/secret.txt'), undefined);
    });
  });

  describe('special files', () => {
    it('a FIFO named like a prompt file, or read by code, is not opened (the scan does not wait on it)', () => {
      write('src/agent.py', reads('pipe.txt'));
      mkdirSync(path.join(ws, 'prompts'));
      execFileSync('mkfifo', [path.join(ws, 'src/pipe.txt'), path.join(ws, 'prompts/triage.prompty')]);
      // In a child process: a read that blocks would block this one's event loop, timeouts included.
      const r = spawnSync(process.execPath, [bin, 'scan', '--format', 'json', '--no-cache'], { cwd: ws, encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.signal, null, 'the scan finished on its own');
      assert.equal(r.status, 0, r.stderr);
      const said = (JSON.parse(r.stdout) as Report).errors.map((e) => `${e.path}: ${e.message}`);
      assert.ok(said.includes('prompts/triage.prompty: skipped: not a regular file (a FIFO, socket or device)'), said.join('\n'));
      assert.ok(said.includes('src/pipe.txt: skipped: not a regular file (a FIFO, socket or device) (read by src/agent.py)'), said.join('\n'));
    });

    it('a file under /proc (size 0, yet with content) is not read, even inside the boundary', () => {
      const r = readInside(new WorkspaceBoundary(['/proc/self']), '/proc/self/environ', 1024 * 1024);
      assert.ok('refusal' in r);
      assert.equal(r.refusal.message, 'skipped: a special file (it reports a size of 0 but has content, like the files under /proc)');
    });
  });

  describe('check --fix', () => {
    it('keeps each file\'s mode and owner, writes through hard links, and leaves no temporary file', async () => {
      write('a.py', FIXABLE);
      write('b.py', FIXABLE);
      write('c.py', FIXABLE);
      chmodSync(path.join(ws, 'a.py'), 0o600);
      chmodSync(path.join(ws, 'b.py'), 0o755);
      linkSync(path.join(ws, 'c.py'), path.join(ws, 'c-also.py'));
      // Another owner where this process may give one (as root); else its own, which must stay.
      const owner = process.getuid?.() === 0 ? 4321 : statSync(path.join(ws, 'a.py')).uid;
      if (process.getuid?.() === 0) chownSync(path.join(ws, 'a.py'), owner, owner);
      const before = statSync(path.join(ws, 'c.py'));
      const r = await run(['check', '--fix-unsafe', '.'], ws);
      assert.match(r.stderr, /applied 3 fix\(es\) in 3 file\(s\)/);
      const st = (f: string) => statSync(path.join(ws, f));
      assert.equal(st('a.py').mode & 0o777, 0o600);
      assert.equal(st('a.py').uid, owner);
      assert.equal(st('b.py').mode & 0o777, 0o755);
      assert.equal(st('c.py').ino, before.ino, 'the same file');
      assert.equal(st('c.py').nlink, 2, 'both names still one file');
      for (const f of ['a.py', 'b.py', 'c.py', 'c-also.py']) {
        const text = readFileSync(path.join(ws, f), 'utf8');
        assert.equal(text.split(CAP).length, 2, `${f}: fixed once: ${text}`);
      }
      assert.deepEqual(readdirSync(ws).filter((f) => f.includes('costlens.')), [], 'no temporary file or copy left');
    });

    it('a fix killed before its rename leaves the file whole, and the next scan removes the temporary file', async () => {
      write('a.py', FIXABLE);
      const killed = spawnSync(process.execPath, [bin, 'check', '--fix-unsafe', '.', '--no-cache'], { cwd: ws, encoding: 'utf8', env: { ...process.env, COSTLENS_FAULT_FIX_KILL: 'temp' }, timeout: 30_000 });
      assert.equal(killed.signal, 'SIGKILL');
      assert.equal(readFileSync(path.join(ws, 'a.py'), 'utf8'), FIXABLE, 'the file as it was');
      const debris = readdirSync(ws).filter((f) => f.endsWith('.costlens.tmp'));
      assert.equal(debris.length, 1);
      assert.ok(readFileSync(path.join(ws, debris[0]), 'utf8').includes(CAP), 'the new text was in the temporary file');
      const r = await run(['scan', '--format', 'json', '--no-cache'], ws);
      assert.deepEqual(readdirSync(ws).filter((f) => f.includes('costlens.')), [], 'swept');
      assert.deepEqual((JSON.parse(r.stdout) as Report).errors.filter((e) => e.path !== '.'), []);
    });

    it('a fix killed while writing a hard-linked file in place keeps the old text beside it, and the next scan says so until it is settled', async () => {
      write('c.py', FIXABLE);
      linkSync(path.join(ws, 'c.py'), path.join(ws, 'c-also.py'));
      const killed = spawnSync(process.execPath, [bin, 'check', '--fix-unsafe', 'c.py', '--no-cache'], { cwd: ws, encoding: 'utf8', env: { ...process.env, COSTLENS_FAULT_FIX_KILL: 'in-place' }, timeout: 30_000 });
      assert.equal(killed.signal, 'SIGKILL');
      const copy = readdirSync(ws).find((f) => f.endsWith('.costlens.bak'));
      assert.ok(copy, 'the copy of the old text is kept');
      assert.equal(readFileSync(path.join(ws, copy), 'utf8'), FIXABLE);
      assert.notEqual(readFileSync(path.join(ws, 'c.py'), 'utf8'), FIXABLE, 'cut mid-write');
      const r = await run(['scan', '--format', 'json', '--no-cache'], ws);
      const said = (JSON.parse(r.stdout) as Report).errors.filter((e) => e.kind === 'fix');
      assert.deepEqual(
        said.map((e) => `${e.path}: ${e.message}`),
        [`c.py: a fix was cut while writing this file in place; its text before the fix is kept in ${copy}: compare, restore it if the file is damaged, then delete it`],
      );
      assert.ok(existsSync(path.join(ws, copy)), 'kept: the user decides');
      // Restored by the user: the copy is the file's text, so the next scan clears it.
      copyFileSync(path.join(ws, copy), path.join(ws, 'c.py'));
      const again = await run(['scan', '--format', 'json', '--no-cache'], ws);
      assert.deepEqual((JSON.parse(again.stdout) as Report).errors.filter((e) => e.kind === 'fix'), []);
      assert.ok(!existsSync(path.join(ws, copy)));
    });
  });

  describe('text output', () => {
    const evil = 'evil\u001b[31mred\nline.py';

    it('escapes terminal escapes and line breaks of file names in the table, Markdown and messages', async () => {
      write(evil, FIXABLE);
      const table = await run(['scan', '--no-cache'], ws);
      assert.equal(table.code, 0, table.stderr);
      assert.ok(!table.stdout.includes('\u001b'), 'no raw escape in the table');
      assert.ok(table.stdout.includes('evil\\x1b[31mred\\nline.py:6'), table.stdout);
      assert.ok(!/^line\.py/m.test(table.stdout), 'the name does not start a line of its own');
      const md = await run(['scan', '--no-cache', '--format', 'markdown'], ws);
      assert.ok(!md.stdout.includes('\u001b'), 'no raw escape in Markdown');
      assert.ok(md.stdout.includes('`evil\\x1b[31mred\\nline.py:6`'), md.stdout);
      for (const line of md.stdout.split('\n')) if (line.startsWith('|')) assert.ok(line.endsWith('|'), `a row on one line: ${line}`);
      const missing = await run(['scan', 'no\u001b]0;title\u0007such'], ws);
      assert.equal(missing.code, 2);
      assert.equal(missing.stderr.split('\n')[0], 'costlens: no such file or folder: no\\x1b]0;title\\x07such');
    });

    it('printable() writes C0, DEL, C1 and bidirectional overrides as escapes; Markdown escapes links, emphasis and HTML outside code spans', () => {
      assert.equal(printable('a\u001b[2Jb\rc\td\u007fe\u009bf\u202eg\u0000'), 'a\\x1b[2Jb\\rc\\td\\x7fe\\x9bf\\u202eg\\x00');
      assert.equal(printable('plain é ü 日本 — text'), 'plain é ü 日本 — text');
      assert.equal(mdText('read __init__.py and [x](http://evil) <img src=x> but `keep_this | [x]`\nnext'), 'read \\_\\_init\\_\\_.py and \\[x\\](http://evil) &lt;img src=x&gt; but `keep_this \\| [x]`<br>next');
      assert.equal(mdCode('a`b|c\u001b'), '``a`b\\|c\\x1b``');
    });
  });

  describe('nesting beyond the parser', () => {
    before(() => loadParsers());

    it('a call nested in 100,000 parentheses is reported with the reason, not silently lost', async () => {
      const text = `from openai import OpenAI\nclient = OpenAI()\nx = ${'('.repeat(100_000)}client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])${')'.repeat(100_000)}\n`;
      const x = extractCode('deep.py', text, {});
      assert.deepEqual(x.errors, [{ path: 'deep.py', line: 3, kind: 'limit', message: "code nested more than 65,535 levels deep is not analysed: the parser's queries reach no deeper, so LLM calls inside it are not counted" }]);
      write('deep.py', text);
      const report = JSON.parse((await run(['scan', '--format', 'json', '--no-cache'], ws)).stdout) as Report;
      assert.ok(report.errors.some((e) => e.path === 'deep.py' && e.line === 3 && /nested more than 65,535 levels/.test(e.message)), JSON.stringify(report.errors));
    });
  });
});
