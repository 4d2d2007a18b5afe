// authwire interop — the client command the MCP conformance runner starts for each scenario. Flag mapping
// only, no protocol logic: the runner passes the scenario in MCP_CONFORMANCE_SCENARIO and its data in
// MCP_CONFORMANCE_CONTEXT (JSON) and appends the MCP server URL; this turns them into example_cli_client flags
// and runs it, with the exit status passed through.
//
//   node client.mjs <example_cli_client> [cli flags…] <server-url>
//
// Every scenario gets what the conformance reference client is configured with: run without a user
// (--headless: follow the authorization server's redirects), list the tools, call "test-tool" with no
// arguments, and offer the Client ID Metadata Document URL the suite expects; pre-registered credentials come
// from the context (auth/pre-registration).
import { spawnSync } from 'node:child_process';

const [, , cli, ...rest] = process.argv;
if (!cli || rest.length === 0) {
  console.error('usage: node client.mjs <example_cli_client> [flags…] <server-url>');
  process.exit(2);
}
const serverUrl = rest.pop();
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}');

const args = [
  ...rest,
  '--headless',
  '--call', 'test-tool',
  '--args', '{}',
  '--client-metadata-url', 'https://conformance-test.local/client-metadata.json',
];
if (context.client_id) args.push('--client-id', context.client_id);
if (context.client_secret) args.push('--client-secret', context.client_secret);
args.push(serverUrl);

console.error(`scenario ${process.env.MCP_CONFORMANCE_SCENARIO ?? '?'}: ${cli} ${args.join(' ')}`);
const r = spawnSync(cli, args, { stdio: 'inherit', timeout: 60_000 });
if (r.error) {
  console.error(`could not run ${cli}: ${r.error.message}`);
  process.exit(127);
}
process.exit(r.status ?? 1);
