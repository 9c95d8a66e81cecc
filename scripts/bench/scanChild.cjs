// One scan in a fresh Node process, as `costlens scan` runs: the bundle (dist/cli.js) loaded,
// then the scan timed. Prints one JSON line: scan time, CPU time of the process during the scan
// (all threads: V8 compiles and collects garbage on other threads), call sites, threads, cache.
// Usage: node scanChild.cjs <dir> <jobs> <cacheDir|-> [cli bundle, default dist/cli.js]
const path = require('node:path');
const started = performance.now();
const cli = require(process.argv[5] ? path.resolve(process.argv[5]) : path.join(__dirname, '../../dist/cli.js'));
const loadedMs = performance.now() - started;
const [dir, jobs, cacheDir] = process.argv.slice(2);
(async () => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await cli.scan([dir], { cwd: process.cwd(), jobs: Number(jobs), cache: cacheDir === '-' ? false : cacheDir });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // Peak resident memory of the whole process (all threads), in MB.
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, loadedMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb, callSites: report.callSites.length, files: report.totals.files, threads: cli.lastScanThreads, cache: cli.lastScanCache ?? null }) + '\n');
})();
