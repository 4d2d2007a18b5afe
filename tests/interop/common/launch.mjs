// authwire interop — start and stop a child process (the demo server) from a test, by its PID: its output is
// echoed (prefixed) and kept, `line(re, ms)` waits for a line matching re, `stop()` sends SIGTERM, then SIGKILL
// after 10 s, and waits for the exit. Only the child started here is ever signalled.
import { spawn } from 'node:child_process';

export function launch(file, args) {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const state = { child, out: '', exited: null };
  const waiters = [];
  const feed = (stream) => (d) => {
    state.out += d;
    stream.write(String(d).replace(/^(?=.)/gm, '  | '));
    for (const w of [...waiters]) {
      const m = state.out.match(w.re);
      if (m) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
    }
  };
  child.stdout.on('data', feed(process.stdout));
  child.stderr.on('data', feed(process.stderr));
  state.done = new Promise((resolve) => child.on('close', (code, signal) => {
    state.exited = { code, signal };
    for (const w of waiters.splice(0)) w.resolve(null);
    resolve(state.exited);
  }));
  child.on('error', (e) => { state.out += `\n${e.message}`; });
  state.line = (re, ms) => new Promise((resolve) => {
    const m = state.out.match(re);
    if (m || state.exited) return resolve(m);
    const w = { re, resolve };
    waiters.push(w);
    setTimeout(() => { if (waiters.includes(w)) { waiters.splice(waiters.indexOf(w), 1); resolve(null); } }, ms);
  });
  state.stop = async () => {
    if (!state.exited) child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await state.done;
    clearTimeout(t);
  };
  return state;
}

/// Start example_demo_server (`program` with `flags`, plus --port 0 --auto-approve) and wait for its banner;
/// resolves to { server, origin, resource } or throws after stopping it.
export async function startDemo(program, flags) {
  const server = launch(program, [...flags, '--port', '0', '--auto-approve']);
  const started = await server.line(/authwire demo server on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*?\nresource: (\S+)\n/, 30_000);
  if (!started) {
    await server.stop();
    throw new Error(`the demo server did not start (exit ${JSON.stringify(server.exited)})`);
  }
  return { server, origin: started[1], resource: started[2] };
}

/// The verdict line CTest's output shows last; exit 0 only when the run passed.
export function verdict(ok, why = '') {
  console.log(ok ? 'INTEROP PASSED' : `INTEROP FAILED${why ? `: ${why}` : ''}`);
  process.exit(ok ? 0 : 1);
}

export class Failure extends Error {}
export const check = (ok, what) => {
  if (!ok) throw new Failure(what);
  console.log(`  ok: ${what}`);
};
