/**
 * Preloaded into the API by the benchmarks (`node -r bench/cpu-profile-hook.cjs …`, spawned with an
 * IPC channel by bench/lib.mjs): 'profile:start' starts V8's sampling CPU profiler on the main
 * thread, 'profile:stop' stops it, writes `<BENCH_PROF_DIR>/<n>.cpuprofile` and answers with its
 * path. 'queries:start' counts the statements the app sends through `pg` (what Prisma's adapter
 * uses), 'queries:stop' answers with the counts as JSON. The benches profile only discarded
 * warm-ups or a few sequential probes, so neither runs while figures are being measured. (IPC
 * rather than a signal: Nest's shutdown hooks treat SIGUSR2 as a shutdown.)
 */
const fs = require('node:fs');
const inspector = require('node:inspector');
const path = require('node:path');

const dir = process.env.BENCH_PROF_DIR;
let session = null;
let count = 0;
let statements = null;

/** The app's own `pg` (one installed version, so one module instance), patched once. */
function patchPg() {
  const pgPath = require.resolve('pg', { paths: [path.join(process.cwd(), 'apps/api')] });
  const { Client } = require(pgPath);
  if (Client.prototype.query.benchCounted) return;
  const original = Client.prototype.query;
  Client.prototype.query = function query(config, ...rest) {
    if (statements) {
      const text = typeof config === 'string' ? config : (config?.text ?? String(config));
      const key = text.replace(/\s+/g, ' ').trim().slice(0, 300);
      statements.set(key, (statements.get(key) ?? 0) + 1);
    }
    return original.call(this, config, ...rest);
  };
  Client.prototype.query.benchCounted = true;
}

if (dir && process.send) {
  // The channel must not keep the process alive on its own.
  process.channel?.unref();
  process.on('message', (message) => {
    if (message === 'profile:start') {
      session = new inspector.Session();
      session.connect();
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 500 }, () =>
          session.post('Profiler.start', () => process.send('profile:started')),
        ),
      );
    } else if (message === 'profile:stop' && session) {
      session.post('Profiler.stop', (error, result) => {
        count += 1;
        const file = path.join(dir, `${count}.cpuprofile`);
        fs.writeFileSync(file, JSON.stringify(error ? { error: String(error) } : result.profile));
        session.disconnect();
        session = null;
        process.send(`profile:written:${file}`);
      });
    } else if (message === 'queries:start') {
      try {
        patchPg();
        statements = new Map();
        process.send('queries:started');
      } catch (error) {
        process.send(`queries:started:error:${error.message}`);
      }
    } else if (message === 'queries:stop') {
      const counted = [...(statements ?? new Map()).entries()].sort((a, b) => b[1] - a[1]);
      statements = null;
      process.send(`queries:counted:${JSON.stringify(counted)}`);
    }
  });
}
