#!/usr/bin/env node
/**
 * Prints a results file of bench/foundation.mjs as the Markdown tables docs/benchmarks.md uses:
 *
 *   node bench/results-table.mjs bench/results/foundation-<date>.json
 */
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/results-table.mjs bench/results/foundation-<date>.json');
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
const fmt = (n, digits = 1) =>
  n === null || n === undefined || Number.isNaN(n)
    ? '—'
    : n >= 100
      ? n.toFixed(0)
      : n.toFixed(digits);
const ceiling = r.cases.find((c) => c.case === 'ceiling');
const cores = r.machine.nproc;

console.log(
  `Run of ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC on ${cores} × ${r.machine.cpuModel}, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres}, Redis ${r.machine.redis}; ` +
    `wrk ${r.settings.threads} threads, ${r.settings.durationSeconds} s per case after ${r.settings.warmupSeconds} s of warm-up.\n`,
);
console.log(
  '| case | conns | req/s | of ceiling | p50 ms | p99 ms | unloaded ms | CPU % server / PostgreSQL / wrk / others | CPU ms per request | bound on idle cores, req/s |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const c of r.cases) {
  const share = c.requestsPerSec / ceiling.requestsPerSec;
  const cpu = [c.cpu.serverPct, c.cpu.postgresPct, c.cpu.wrkPct, c.cpu.othersPct]
    .map((v) => fmt(v, 0))
    .join(' / ');
  const errors =
    c.errors.non2xx + c.errors.timeouts + c.errors.connect + c.errors.read + c.errors.write;
  const bound = c.cpuMsPerRequest ? (cores * 1000) / c.cpuMsPerRequest : null;
  console.log(
    `| ${c.case}${errors ? ` (${errors} errors)` : ''} | ${c.connections} | ${fmt(c.requestsPerSec, 0)} | ${c.case === 'ceiling' ? '100%' : `${(share * 100).toFixed(share < 0.1 ? 2 : 1)}%`} | ` +
      `${fmt(c.p50Ms, 2)} | ${fmt(c.p99Ms, 2)} | ${fmt(c.unloadedMedianMs, 2)} | ${cpu} | ${fmt(c.cpuMsPerRequest, 2)} | ${fmt(bound, 0)} |`,
  );
}

console.log(
  '\n| SQL alone (fastest of 9; median) | current | proposed | proposed + partial index | same rows |',
);
console.log('|---|---:|---:|---:|---|');
const ms = (m) => (m ? `${fmt(m.minMs, 2)} ms; ${fmt(m.medianMs, 2)}` : '—');
console.log(
  `| org-units list page, county (50 rows) | ${ms(r.sql.list.current)} | ${ms(r.sql.list.proposed)} | — | ${r.sql.list.proposed.sameRows} |`,
);
if (r.sql.findById)
  console.log(`| org-units findById (same select, one row) | ${ms(r.sql.findById)} | — | — | — |`);
for (const [name, m] of Object.entries(r.sql.countConnections)) {
  console.log(
    `| countConnections, ${name} (${m.canteens} canteens) | ${ms(m.current)} | ${ms(m.proposed)} | ${ms(m.proposedWithIndex)} | ${m.proposed.sameRows} |`,
  );
}
for (const [name, m] of Object.entries(r.sql.writeSnapshots)) {
  const show = (x) => (x.ms === null ? `> ${x.timeoutSeconds} s` : `${fmt(x.ms, 1)} ms`);
  console.log(
    `| writeSnapshots, ${name} (${m.current.rowsWritten} rows; fastest of ${m.current.runs}) | ${show(m.current)} | ${show(m.proposed)} | — | ${m.proposed.sameRows} |`,
  );
}

console.log(
  `\nAPI memory: VmRSS ${r.memory.atStart.rssMiB} MiB at start, ${r.memory.afterLoad.rssMiB} MiB after the load, VmHWM ${r.memory.afterLoad.hwmMiB} MiB.`,
);
console.log(
  `argon2id verify alone: ${r.argon2.singleMedianMs} ms each, ${fmt(r.argon2.verifiesPerSec, 0)}/s with ${r.argon2.inFlight} in flight` +
    (r.argon2.cpuMsPerVerify
      ? `, ${r.argon2.cpuMsPerVerify} ms of CPU per verify (bound on idle cores ${fmt((cores * 1000) / r.argon2.cpuMsPerVerify, 0)}/s).`
      : '.'),
);
