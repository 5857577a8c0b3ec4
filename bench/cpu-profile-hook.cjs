/**
 * Preloaded into the API by bench/foundation.mjs (`node -r bench/cpu-profile-hook.cjs …`, spawned
 * with an IPC channel): 'profile:start' starts V8's sampling CPU profiler on the main thread,
 * 'profile:stop' stops it, writes `<BENCH_PROF_DIR>/<n>.cpuprofile` and answers with its path.
 * The bench profiles only its discarded warm-ups, so the profiler never runs while figures are
 * being measured. (IPC rather than a signal: Nest's shutdown hooks treat SIGUSR2 as a shutdown.)
 */
const fs = require('node:fs');
const inspector = require('node:inspector');
const path = require('node:path');

const dir = process.env.BENCH_PROF_DIR;
let session = null;
let count = 0;

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
    }
  });
}
