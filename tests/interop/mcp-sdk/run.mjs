// authwire interop — one end-to-end run between an authwire program and the MCP TypeScript SDK, on loopback:
//
//   node run.mjs sdk-client <transport|fetch> <none|client_secret_post|client_secret_basic> -- <example_demo_server> [flags…]
//       start the demo server (--port 0 --auto-approve), run the SDK client against its /mcp (sdk_client.mjs),
//       stop the server (SIGTERM, then wait for it)
//   node run.mjs cli <builtin|oidc> <provider-state.json|-> -- <example_cli_client> [flags…]
//       start an SDK-built MCP server in this process (sdk_server.mjs), run the CLI against it with --headless,
//       check what the server saw, close the server
//
// Prints the verdict last ("INTEROP PASSED" / "INTEROP FAILED") and exits 0 only when it passed. Stops only
// the processes it started.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
if (dash < 0 || dash + 1 >= argv.length) usage();
const [what, a, b] = argv.slice(0, dash);
const [program, ...flags] = argv.slice(dash + 1);

function usage() {
  console.error('usage: node run.mjs sdk-client <transport|fetch> <auth-method> -- <demo_server> [flags…]\n' +
                '       node run.mjs cli <builtin|oidc> <provider-state.json|-> -- <cli_client> [flags…]');
  process.exit(2);
}

function verdict(ok, why = '') {
  console.log(ok ? 'INTEROP PASSED' : `INTEROP FAILED${why ? `: ${why}` : ''}`);
  process.exit(ok ? 0 : 1);
}

// A child process whose output is echoed and kept; `line(re)` waits for a line matching re.
function launch(file, args) {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const state = { child, out: '', exited: null };
  const waiters = [];
  const feed = (prefix, stream) => (d) => {
    state.out += d;
    stream.write(String(d).replace(/^(?=.)/gm, prefix));
    for (const w of [...waiters]) {
      const m = state.out.match(w.re);
      if (m) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
    }
  };
  child.stdout.on('data', feed('  | ', process.stdout));
  child.stderr.on('data', feed('  | ', process.stderr));
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

if (what === 'sdk-client') {
  const { runSdkClient } = await import('./sdk_client.mjs');
  const server = launch(program, [...flags, '--port', '0', '--auto-approve']);
  const started = await server.line(/authwire demo server on (http:\/\/127\.0\.0\.1:\d+)/, 30_000);
  if (!started) {
    await server.stop();
    verdict(false, 'the demo server did not start');
  }
  let ok = true;
  let why = '';
  try {
    await runSdkClient(`${started[1]}/mcp`, b, a);
  } catch (e) {
    ok = false;
    why = e.stack ?? String(e);
  }
  await server.stop();
  verdict(ok && server.exited?.code === 0, why || `the demo server exited with ${JSON.stringify(server.exited)}`);
} else if (what === 'cli') {
  const { startSdkServer } = await import('./sdk_server.mjs');
  const issuer = b && b !== '-' ? JSON.parse(fs.readFileSync(b, 'utf8')).issuer : undefined;
  const server = await startSdkServer({ mode: a, issuer });
  console.log(`MCP SDK server (${a}${issuer ? `, authorization server ${issuer}` : ''}) on ${server.url}`);
  const cli = launch(program, [...flags, '--headless', '--call', 'add', '--args', '{"a":2,"b":40}', server.url]);
  const guard = setTimeout(() => cli.stop(), 90_000);
  const { code } = await cli.done;
  clearTimeout(guard);
  await server.close();
  const saw = (e) => server.events.includes(e);
  const problems = [];
  if (code !== 0) problems.push(`the CLI exited with ${code}`);
  if (!/\b42\b/.test(cli.out)) problems.push('the CLI did not print the tool result 42');
  if (!saw('session initialized')) problems.push('no MCP session was initialized');
  if (!saw('tools/call add 2 40')) problems.push('the tool was not called');
  if (!saw('DELETE /mcp') || !saw('session closed')) problems.push('the session was not ended with DELETE');
  console.log(`server saw: ${server.events.filter((e) => !e.startsWith('GET /.well')).join(' | ')}`);
  verdict(problems.length === 0, problems.join('; '));
} else {
  usage();
}
