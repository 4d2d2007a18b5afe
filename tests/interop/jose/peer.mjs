// authwire interop — the npm `jose` side. Data-driven: every cases/*.json lists cases {"kind": …}; the code for
// a kind lives in kinds/<kind>.mjs and exports mint(testCase) -> record and verify(record) (throws on failure).
//   node peer.mjs mint <cases-dir> <out.json>   mint one record per case for authwire to verify
//   node peer.mjs verify <in.json>              verify the records authwire minted
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [command, ...args] = process.argv.slice(2);
const kinds = new Map();
async function kind(name) {
  if (!/^[a-z0-9_-]+$/.test(name)) throw new Error(`bad kind name ${name}`);
  if (!kinds.has(name)) kinds.set(name, await import(`./kinds/${name}.mjs`));
  return kinds.get(name);
}

function loadCases(dir) {
  const cases = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    cases.push(...JSON.parse(readFileSync(join(dir, file), 'utf8')).cases);
  }
  return cases;
}

let passed = 0;
let failed = 0;
if (command === 'mint') {
  const [dir, out] = args;
  const records = [];
  for (const c of loadCases(dir)) {
    try {
      records.push(await (await kind(c.kind)).mint(c));
      passed++;
    } catch (e) {
      console.error(`FAIL mint ${JSON.stringify(c)}: ${e.stack ?? e}`);
      failed++;
    }
  }
  writeFileSync(out, JSON.stringify({ peer: 'npm jose', records }, null, 1));
} else if (command === 'verify') {
  const { records } = JSON.parse(readFileSync(args[0], 'utf8'));
  if (!Array.isArray(records) || records.length === 0) throw new Error('no records to verify');
  for (const r of records) {
    try {
      await (await kind(r.kind)).verify(r);
      console.log(`ok   ${r.kind} ${r.alg ?? ''}${r.enc ? ' ' + r.enc : ''}`);
      passed++;
    } catch (e) {
      console.error(`FAIL ${r.kind} ${r.alg ?? ''}${r.enc ? ' ' + r.enc : ''}: ${e.stack ?? e}`);
      failed++;
    }
  }
} else {
  console.error('usage: node peer.mjs mint <cases-dir> <out.json> | verify <in.json>');
  process.exit(2);
}
console.log(`npm jose ${command}: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
