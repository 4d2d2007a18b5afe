// authwire browser tests — the demo server's consent page in a real browser (Debian's chromium or firefox-esr,
// headless, driven by puppeteer-core: CDP for Chromium, WebDriver BiDi for Firefox). One demo server (without
// --auto-approve) and one browser per run; every process is started here and stopped by its PID.
//
// Usage: node consent.mjs <chromium|firefox> <screenshots dir> <scenario,...|all> -- <example_demo_server>
//                         <example_cli_client>
// Scenarios:
//   approve   example_cli_client in its browser mode, its `xdg-open` handing the URL to this browser: the consent
//             page (checked: styled by its hashed style sheet, signed-in user, client_id, unverified name, scope
//             descriptions, return host; screenshots at 1000 and 390 px wide) → Approve → the browser lands on the
//             CLI's loopback callback with a code → the CLI exchanges it, calls the MCP server and exits 0
//   deny      the same → Deny → the browser lands on the callback with error=access_denied, the CLI reports it
//   hostile   a client registered (RFC 7591) with HTML and script in its client_name: shown as text, no element
//             made of it, no script run, no dialog opened
//   frame     a page on another origin frames the consent page: the browser refuses to render it (CSP
//             frame-ancestors 'none', X-Frame-Options DENY), while a frameable control page renders
//   replay    the consent form submitted twice: the first answer redirects with a code, the second gets the
//             "no longer waiting" page (400) and no second code
//   crosssite a page of another site posts an answer with a valid transaction: 403, nothing reaches the client,
//             and the real page's answer still works afterwards
// Exit status: 0 passed, 1 failed, 77 the browser is not installed (scripts/bootstrap installs it).
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { launch, check, Failure } from './launch.mjs';

const [kind, shots, scenarioList, sep, demoBin, cliBin] = process.argv.slice(2);
if (!['chromium', 'firefox'].includes(kind) || sep !== '--' || !demoBin || !cliBin) {
  console.error('usage: consent.mjs <chromium|firefox> <screenshots dir> <scenarios|all> -- <demo_server> <cli_client>');
  process.exit(2);
}
const all = ['approve', 'deny', 'hostile', 'frame', 'replay', 'crosssite'];
const scenarios = scenarioList === 'all' ? all : scenarioList.split(',');
const executable = kind === 'chromium'
  ? process.env.AUTHWIRE_CHROMIUM || '/usr/bin/chromium'
  : process.env.AUTHWIRE_FIREFOX || '/usr/bin/firefox-esr';
if (!existsSync(executable)) {
  console.log(`SKIPPED: ${executable} is not installed (Debian package ${kind === 'chromium' ? 'chromium' : 'firefox-esr'}; ` +
              'scripts/bootstrap installs it)');
  process.exit(77);
}
mkdirSync(shots, { recursive: true });

const b64url = (b) => Buffer.from(b).toString('base64url');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const withTimeout = (p, ms, what) => Promise.race([p, sleep(ms).then(() => { throw new Failure(`timed out: ${what}`); })]);

// --- the other origin: the test client's callback, and pages of another site ------------------------------------
// Listening on 127.0.0.1 only; its pages are loaded as http://localhost:PORT, another site than the demo's
// http://127.0.0.1:PORT (a site is scheme and host; the port does not count).
const callbacks = [];
const other = createServer((req, res) => {
  const u = new URL(req.url, 'http://localhost');
  const html = (status, body, headers = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    res.end(body);
  };
  if (u.pathname === '/callback') {
    callbacks.push(u.searchParams);
    return html(200, '<!doctype html><title>test client</title><p id="client">the test client got the answer</p>');
  }
  if (u.pathname === '/frameable') return html(200, '<!doctype html><p id="control">a frameable page</p>');
  if (u.pathname === '/frame') {
    const src = u.searchParams.get('src');
    return html(200, `<!doctype html><title>framing page</title><h1>Another site framing the consent page</h1>
<iframe id="consent" src="${src.replace(/"/g, '&quot;')}" width="800" height="600"></iframe>
<iframe id="control" src="/frameable" width="300" height="100"></iframe>`);
  }
  if (u.pathname === '/attack') {
    const action = u.searchParams.get('action'), tx = u.searchParams.get('tx');
    const q = (v) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    return html(200, `<!doctype html><title>another site</title>
<form id="f" method="post" action="${q(action)}"><input type="hidden" name="transaction" value="${q(tx)}">
<input type="hidden" name="decision" value="approve"></form><script>document.getElementById('f').submit()</script>`);
  }
  return html(404, 'not found');
});
await new Promise((r) => other.listen(0, '127.0.0.1', r));
const otherPort = other.address().port;
const otherOrigin = `http://localhost:${otherPort}`;
const clientRedirect = `http://127.0.0.1:${otherPort}/callback`;

// --- the demo server (consent page on: no --auto-approve) ---------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'authwire-browser-'));
const demo = launch(demoBin, ['--port', '0', '--threads', '2']);
const banner = await demo.line(/authwire demo server on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*?\nresource: (\S+)\n/, 30_000);
let browser;
let ok = false;
let why = '';
try {
  if (!banner) throw new Failure(`the demo server did not start (exit ${JSON.stringify(demo.exited)})`);
  const [, origin, resource] = banner;

  const t0 = Date.now();
  browser = await puppeteer.launch(kind === 'chromium'
    ? { executablePath: executable, headless: true, timeout: 60_000,
        // As root (CI containers) Chromium refuses to start without --no-sandbox; it only loads this test's pages.
        args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] }
    : { browser: 'firefox', executablePath: executable, headless: true, protocol: 'webDriverBiDi', timeout: 60_000 });
  console.log(`${kind}: ${await browser.version()} (started in ${Date.now() - t0} ms); demo server ${origin}`);

  // A public native client registered as the CLI would be (RFC 7591), its callback on the other origin's server.
  const register = async (clientName) => {
    const r = await fetch(`${origin}/register`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_name: clientName, redirect_uris: [clientRedirect], application_type: 'native',
                             token_endpoint_auth_method: 'none', grant_types: ['authorization_code'],
                             response_types: ['code'] }),
    });
    const body = await r.json();
    check(r.status === 201 && body.client_id, `registered "${clientName.slice(0, 40)}" (${r.status})`);
    return body.client_id;
  };
  const authorizeUrl = (clientId, state) => {
    const u = new URL(`${origin}/authorize`);
    const verifier = b64url(randomBytes(32));
    u.search = new URLSearchParams({
      response_type: 'code', client_id: clientId, redirect_uri: clientRedirect, scope: 'mcp:tools mcp:write',
      state, code_challenge: b64url(createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256',
      resource,
    }).toString();
    return u.toString();
  };
  const newPage = async (width = 1000, height = 900) => {
    const page = await browser.newPage();
    await page.setViewport({ width, height });
    return page;
  };
  const shot = async (page, name, fullPage = true) => {
    const file = join(shots, `${kind}-${name}.png`);
    await page.screenshot({ path: file, fullPage });
    console.log(`  screenshot: ${file}`);
  };
  const text = (page) => page.evaluate(() => document.body.innerText);

  // What the consent page must show and how it must look. Its style sheet is allowed by a CSP hash only: a wrong
  // hash leaves the Approve button unstyled (transparent), which is checked.
  const checkConsentPage = async (page, { clientId, returnHost, scopes = ['mcp:tools', 'mcp:write'] }) => {
    const seen = await page.evaluate(() => {
      const q = (s) => document.querySelector(s);
      return {
        title: document.title,
        user: q('.user')?.innerText,
        id: q('.client .id code')?.textContent,
        badge: q('.badge')?.textContent,
        scopes: [...document.querySelectorAll('.scopes li')].map((li) => li.innerText.replace(/\s+/g, ' ')),
        returnHost: q('.return-host')?.textContent,
        approveBackground: getComputedStyle(q('button.approve')).backgroundColor,
        mainWidth: q('main').getBoundingClientRect().width,
        stylesheets: document.styleSheets.length,
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      };
    });
    check(seen.title.startsWith('Authorize access'), `consent page: title "${seen.title}"`);
    check(seen.user === 'Signed in as demo-user', `it says who is signed in ("${seen.user}")`);
    check(seen.id === clientId, `it shows the client_id ${clientId}`);
    check(seen.badge === 'unverified', 'the self-asserted name is marked unverified');
    const described = { 'mcp:tools': /^mcp:tools Use the job board's tools as you/,
                        'mcp:write': /^mcp:write Act on the job board in your name/ };
    check(seen.scopes.length === scopes.length && scopes.every((sc, i) => described[sc].test(seen.scopes[i])),
          `each scope with its description (${JSON.stringify(seen.scopes)})`);
    check(seen.returnHost === returnHost, `the host the browser goes back to (${seen.returnHost})`);
    check(seen.approveBackground === 'rgb(31, 95, 214)',
          `the hashed style sheet is applied (Approve background ${seen.approveBackground})`);
    check(seen.overflow <= 0, `nothing wider than the viewport (${seen.overflow} px over)`);
    return seen;
  };

  // The CLI in its browser mode: its `xdg-open` (first on PATH) writes the URL where this test picks it up and
  // opens it in the real browser, as the desktop's opener would.
  const bin = join(work, 'bin');
  mkdirSync(bin, { recursive: true });
  const urls = join(work, 'opened');
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${urls}'\nexit 0\n`, { mode: 0o755 });
  const runCli = async (decision) => {
    writeFileSync(urls, '');
    const cli = spawn(cliBin, ['--timeout', '30', '--executor', 'beast', resource],
                      { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    cli.stdout.on('data', (d) => { out += d; });
    cli.stderr.on('data', (d) => { out += d; });
    const exited = new Promise((r) => cli.on('close', (code) => r(code)));
    try {
      let url = '';
      for (let i = 0; i < 300 && !url; ++i) {
        url = readFileSync(urls, 'utf8').trim();
        if (!url) await sleep(50);
      }
      check(url.startsWith(`${origin}/authorize?`), `the CLI opened the browser on the authorization URL`);
      const callback = new URL(new URL(url).searchParams.get('redirect_uri'));
      const clientId = new URL(url).searchParams.get('client_id');
      const page = await newPage();
      const shown = await page.goto(url, { waitUntil: 'load' });
      check(shown.status() === 200, `the consent page loads (${shown.status()})`);
      const csp = shown.headers()['content-security-policy'] || '';
      console.log(`  CSP: ${csp}`);
      check(/form-action 'self' http:\/\/127\.0\.0\.1:\d+(;|$)/.test(csp) && /style-src 'sha256-[A-Za-z0-9+/]{43}='/.test(csp) &&
            !csp.includes('unsafe'), 'its CSP: form-action to itself and the client only, style by hash only');
      await checkConsentPage(page, { clientId, returnHost: callback.host, scopes: ['mcp:tools'] });
      if (decision === 'approve') {
        await shot(page, 'consent');
        // A phone: the same URL in a 390 px wide page (another pending request; the CLI waits for the first).
        const phone = await browser.newPage();
        await phone.setViewport({ width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
        await phone.goto(url, { waitUntil: 'load' });
        const mobile = await phone.evaluate(() => ({
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          buttons: [...document.querySelectorAll('button')].map((b) => Math.round(b.getBoundingClientRect().width)),
          width: window.innerWidth,
        }));
        check(mobile.width === 390 && mobile.overflow <= 0 && mobile.buttons.every((w) => w >= 300),
              `readable at 390 px: no horizontal scroll, full-width buttons (${JSON.stringify(mobile)})`);
        await shot(phone, 'consent-390');
        await phone.close();
      }
      // Chromium applies the CSP form-action to the redirect that answers the form: were the client's origin not
      // listed, the browser would stay on the consent page.
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'load', timeout: 15_000 }).catch(() => {
          throw new Failure(`after ${decision} the browser stayed on ${page.url()} (its redirect to the client blocked ` +
                            'by the CSP form-action?)');
        }),
        page.click(`button[value="${decision}"]`),
      ]);
      const at = new URL(page.url());
      check(at.origin === callback.origin && at.pathname === callback.pathname,
            `after ${decision === 'approve' ? 'Approve' : 'Deny'} the browser is on the CLI's loopback callback (${at.origin}${at.pathname})`);
      if (decision === 'approve') check(at.searchParams.has('code') && !at.searchParams.has('error'), 'with a code');
      else check(at.searchParams.get('error') === 'access_denied' && !at.searchParams.has('code'), 'with error=access_denied');
      check((await text(page)).includes('reached the command-line client'), 'the CLI\'s listener answered the browser');
      const status = await withTimeout(exited, 30_000, 'the CLI to finish');
      console.log(out.replace(/^(?=.)/gm, '  cli| ').trimEnd());
      if (decision === 'approve') {
        check(status === 0 && out.includes('code exchanged') && /tools\/list|tool/.test(out),
              `the CLI exchanged the code, used the MCP server and exited 0 (exit ${status})`);
      } else {
        check(status !== 0 && out.includes('access_denied') && !out.includes('code exchanged'),
              `the CLI was told access_denied and stopped (exit ${status})`);
      }
      await page.close();
    } finally {
      if (cli.exitCode === null) cli.kill('SIGKILL');
      await exited;
    }
  };

  const run = {
    approve: () => runCli('approve'),
    deny: () => runCli('deny'),

    async hostile() {
      const hostileName = `<script>window.__authwire_pwned=1;alert(1)</script><img src=x onerror="window.__authwire_pwned=2;alert(2)">"'&<b>Bank</b>`;
      const clientId = await register(hostileName);
      const page = await newPage();
      let dialogs = 0;
      page.on('dialog', (d) => { dialogs += 1; d.dismiss().catch(() => {}); });
      await page.goto(authorizeUrl(clientId, 'hostile'), { waitUntil: 'load' });
      await sleep(200);
      const seen = await page.evaluate(() => ({
        name: document.querySelector('q.name')?.textContent,
        injected: document.querySelectorAll('script, img, b').length,
        pwned: window.__authwire_pwned,
      }));
      check(seen.name === hostileName, 'the hostile client_name is shown as text, exactly as registered');
      check(seen.injected === 0, `no element was made of it (${seen.injected} script/img/b elements)`);
      check(seen.pwned === undefined && dialogs === 0, `no script ran (global ${seen.pwned}, ${dialogs} dialogs)`);
      await checkConsentPage(page, { clientId, returnHost: `127.0.0.1:${otherPort}` });
      await shot(page, 'hostile-name');
      await page.close();
    },

    async frame() {
      const clientId = await register('Framed client');
      const consent = authorizeUrl(clientId, 'framed');
      const page = await newPage();
      const before = (demo.out.match(/"GET \/authorize" 200/g) || []).length;
      await page.goto(`${otherOrigin}/frame?src=${encodeURIComponent(consent)}`, { waitUntil: 'load' });
      await sleep(500);
      const frames = page.frames().filter((f) => f !== page.mainFrame());
      const probe = (f) => f.evaluate(() => ({
        form: !!document.querySelector('form[action="/authorize/consent"]'),
        control: !!document.getElementById('control'),
      })).catch(() => ({ form: false, control: false }));
      const seen = await Promise.all(frames.map(probe));
      console.log(`  frames: ${JSON.stringify(frames.map((f, i) => [f.url().slice(0, 60), seen[i]]))}`);
      check(seen.some((s) => s.control), 'the frameable control page renders in its frame (the probe works)');
      check(!seen.some((s) => s.form), 'the consent page does not render inside another site\'s frame');
      const served = () => (demo.out.match(/"GET \/authorize" 200/g) || []).length - before;
      for (let i = 0; i < 40 && served() < 1; ++i) await sleep(50);  // the log line may trail the page a little
      check(served() === 1, 'the server did answer the framed request: the browser refused to show it');
      await shot(page, 'framed', false);
      await page.close();
    },

    async replay() {
      const clientId = await register('Replay client');
      const page = await newPage();
      await page.goto(authorizeUrl(clientId, 'replay'), { waitUntil: 'load' });
      // The first answer opens in another tab; the page stays, and its form is sent again.
      await page.evaluate(() => { document.querySelector('form').target = '_blank'; });
      const popup = new Promise((r) => browser.once('targetcreated', (t) => r(t)));
      await page.click('button[value="approve"]');
      const tab = await withTimeout((await popup).page(), 10_000, 'the answer\'s tab');
      for (let i = 0; i < 100 && !callbacks.some((c) => c.get('state') === 'replay'); ++i) await sleep(50);
      const first = callbacks.filter((c) => c.get('state') === 'replay');
      check(first.length === 1 && first[0].has('code'), 'the first answer reached the client with a code');
      await page.evaluate(() => { document.querySelector('form').target = '_self'; });
      await page.bringToFront();
      const [again] = await Promise.all([
        page.waitForNavigation({ waitUntil: 'load', timeout: 10_000 }),
        page.click('button[value="approve"]'),
      ]);
      check(again.status() === 400 && (await text(page)).includes('no longer waiting'),
            `the same answer again gets the "no longer waiting" page (${again.status()})`);
      await sleep(200);
      check(callbacks.filter((c) => c.get('state') === 'replay').length === 1, 'and no second code');
      await shot(page, 'replayed');
      await tab?.close();
      await page.close();
    },

    async crosssite() {
      const clientId = await register('Cross-site client');
      const page = await newPage();
      await page.goto(authorizeUrl(clientId, 'crosssite'), { waitUntil: 'load' });
      const tx = await page.$eval('input[name="transaction"]', (i) => i.value);
      const attacker = await newPage();
      const action = `${origin}/authorize/consent`;
      const answered = attacker.waitForResponse((r) => r.url() === action, { timeout: 10_000 });
      await attacker.goto(`${otherOrigin}/attack?action=${encodeURIComponent(action)}&tx=${encodeURIComponent(tx)}`);
      const answer = await answered;
      await attacker.waitForFunction(() => document.readyState === 'complete' && !!document.querySelector('main'),
                                     { timeout: 10_000 });
      check(attacker.url() === action, `the other site's form was posted (${attacker.url()})`);
      check(answer.status() === 403 && (await text(attacker)).includes('did not come from the consent page'),
            `an answer posted from another site is refused (${answer.status()})`);
      await sleep(200);
      check(!callbacks.some((c) => c.get('state') === 'crosssite'), 'nothing reached the client');
      await shot(attacker, 'cross-site');
      await attacker.close();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 10_000 }), page.click('button[value="approve"]')]);
      const got = callbacks.filter((c) => c.get('state') === 'crosssite');
      check(got.length === 1 && got[0].has('code'), 'the refused answer did not use the request up: the page\'s own answer gives a code');
      await page.close();
    },
  };

  for (const s of scenarios) {
    if (!run[s]) throw new Failure(`unknown scenario ${s}`);
    const start = Date.now();
    console.log(`--- ${kind}: ${s}`);
    await run[s]();
    console.log(`  (${Date.now() - start} ms)`);
  }
  ok = true;
} catch (e) {
  why = e instanceof Failure ? e.message : (e?.stack || String(e));
} finally {
  await browser?.close().catch(() => {});
  await demo.stop();
  other.close();
  rmSync(work, { recursive: true, force: true });
}
if (ok && demo.exited?.code !== 0) { ok = false; why = `the demo server exited with ${JSON.stringify(demo.exited)} on SIGTERM`; }
console.log(ok ? `BROWSER PASSED: ${kind}: ${scenarios.join(', ')}` : `BROWSER FAILED: ${kind}: ${why}`);
process.exit(ok ? 0 : 1);
