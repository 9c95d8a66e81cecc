// One `costlens` command in a fresh process, bounded in time: wall and CPU time, and the peak
// resident memory of the process (all its threads), read by the process itself as it exits
// (getrusage's maxrss, as /proc/<pid>/status VmHWM has it) and printed on standard error.
import { spawn } from 'node:child_process';

const REPORT = 'process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write(`\\n@@costlens-child ${JSON.stringify({maxRssKb:u.maxRSS,cpuMs:(u.userCPUTime+u.systemCPUTime)/1000})}\\n`)})';

/**
 * Run `node <cli> ...args` in `cwd`, killed after `timeoutMs`. Resolves to its exit code (null when
 * killed), wall ms, CPU ms, peak RSS in MB (null when it did not exit by itself), stdout and stderr.
 */
export function runCli(cli, args, { cwd, timeoutMs = 300_000, nodeArgs = [] } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, '--import', `data:text/javascript,${encodeURIComponent(REPORT)}`, cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      let stderr = Buffer.concat(err).toString('utf8');
      let usage = null;
      const m = /\n@@costlens-child (\{.*\})\n$/.exec(stderr);
      if (m) {
        usage = JSON.parse(m[1]);
        stderr = stderr.slice(0, m.index);
      }
      resolve({ code: killed ? null : code, killed, ms, cpuMs: usage?.cpuMs ?? null, peakRssMb: usage ? usage.maxRssKb / 1024 : null, stdout: Buffer.concat(out).toString('utf8'), stderr });
    });
  });
}
