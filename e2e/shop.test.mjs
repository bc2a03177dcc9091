// End to end, in a real browser: a sample shop configured with a generated
// certificate that points at `sogen sandbox`, driven through headless Debian
// Chromium (playwright-core, no browser download):
//   shop -> card logo -> card page -> accepted payment -> receipt -> back to the
//   shop (call_response shows the decoded result); the automatic response has
//   reached call_autoresponse (its log holds the transaction); the back office
//   lists it as SENT. Then a refused card, a cancel, and a replayed
//   transaction that gets "Transaction already processed".
// Screenshots of every page go to e2e/screenshots/<shop>/.
//
// Every process started here (sandbox, shop servers, browser) is stopped here,
// and every port is a free one chosen at run time, so `make demo` may run beside.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const BIN = process.env.SOGEN_BIN_DIR || path.join(ROOT, 'target', 'release');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SCREENSHOTS = path.join(HERE, 'screenshots');
const MERCHANT = '000000000000001';

// The test cards the sandbox documents (its card page lists them).
const CARD_ACCEPTED = '4970 1000 0000 0006';
const CARD_REFUSED = '4970 1000 0000 0105';

/**
 * The shops driven. The first is the legacy-style integration in
 * e2e/fixtures (PHP pages running the request/response executables, as the
 * vendor's kit did); the others are the samples of examples/, run when present.
 * All are configured through the environment: SOGEN_PATHFILE, SOGEN_BIN,
 * SOGEN_MERCHANT_ID, SOGEN_AUTORESPONSE_LOG.
 */
const SHOPS = [
  {
    name: 'legacy-php',
    marker: 'e2e/fixtures/legacy-shop/call_request.php',
    command: (port) => ['php', ['-S', `127.0.0.1:${port}`, '-t', 'e2e/fixtures/legacy-shop', 'e2e/fixtures/legacy-shop/router.php']],
    pages: { request: '/call_request.php', response: '/call_response.php', auto: '/call_autoresponse.php' },
    transactionIdParameter: true,
  },
  {
    name: 'examples-php',
    marker: 'examples/php/call_request.php',
    // The binding calls the library through FFI, off by default outside preloading.
    command: (port) => ['php', ['-d', 'ffi.enable=1', '-S', `127.0.0.1:${port}`, '-t', 'examples/php']],
    pages: { request: '/call_request.php', response: '/call_response.php', auto: '/call_autoresponse.php' },
    transactionIdParameter: false,
  },
  {
    // A WSGI application (`application`) in examples/python/shop.py, served by wsgiref.
    name: 'examples-python',
    marker: 'examples/python/shop.py',
    command: (port) => ['python3', [path.join(HERE, 'serve_wsgi.py'), 'examples/python/shop.py', String(port)]],
    pages: { request: '/call_request', response: '/call_response', auto: '/call_autoresponse' },
    transactionIdParameter: false,
  },
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a process in its own group, so that stopping it stops its children too. */
function start(command, args, options = {}) {
  const log = fs.openSync(options.log, 'a');
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...options.env }, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  child.on('error', (e) => fs.appendFileSync(options.log, `spawn error: ${e}\n`));
  return child;
}

async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  if (!done) {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    await exited;
  }
}

async function waitForHttp(url, child, logFile) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  throw new Error(`${url} did not answer; log:\n${fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''}`);
}

/** A merchant installation in a temporary directory, pointing at the sandbox and the shop. */
function writeConfiguration(dir, sandboxUrl, shopUrl, pages) {
  const param = path.join(dir, 'param');
  fs.mkdirSync(param);
  execFileSync(path.join(BIN, 'sogen'), ['cert', '--merchant-id', MERCHANT, '--country', 'fr',
    '--url', `${sandboxUrl}/cgis-payment/demo`, '--dir', param]);
  const pathfile = path.join(dir, 'pathfile');
  fs.writeFileSync(pathfile, [
    'DEBUG!NO!',
    // The logos come from the sandbox, whatever the shop serves.
    `D_LOGO!${sandboxUrl}/logo/!`,
    `F_DEFAULT!${param}/parmcom.sogenactif!`,
    `F_PARAM!${param}/parmcom!`,
    `F_CERTIFICATE!${param}/certif!`,
    'F_CTYPE!php!',
    '',
  ].join('\n'));
  fs.copyFileSync(path.join(ROOT, 'demo', 'param', 'parmcom.sogenactif'), path.join(param, 'parmcom.sogenactif'));
  fs.writeFileSync(path.join(param, `parmcom.${MERCHANT}`), [
    `RETURN_URL!${shopUrl}${pages.response}!`,
    `CANCEL_URL!${shopUrl}${pages.response}!`,
    `AUTO_RESPONSE_URL!${shopUrl}${pages.auto}!`,
    '',
  ].join('\n'));
  return pathfile;
}

/** Sandbox + shop for one shop definition. */
async function startEnvironment(shop) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sogen-e2e-${shop.name}-`));
  const [sandboxPort, shopPort] = [await freePort(), await freePort()];
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const shopUrl = `http://127.0.0.1:${shopPort}`;
  const pathfile = writeConfiguration(dir, sandboxUrl, shopUrl, shop.pages);
  const autoLog = path.join(dir, 'autoresponse.log');
  const env = { dir, sandboxUrl, shopUrl, pathfile, autoLog, children: [] };

  // The doctor must find this installation healthy before anything is paid.
  const doctor = spawn(path.join(BIN, 'sogen'), ['doctor', '--pathfile', pathfile, '--lang', 'en', '--quiet'], { cwd: ROOT });
  let doctorOut = '';
  doctor.stdout.on('data', (d) => { doctorOut += d; });
  const doctorStatus = await new Promise((r) => doctor.on('exit', r));
  fs.writeFileSync(path.join(dir, 'doctor.txt'), doctorOut);
  assert.equal(doctorStatus, 0, `sogen doctor:\n${doctorOut}`);

  const sandboxLog = path.join(dir, 'sandbox.log');
  const sandbox = start(path.join(BIN, 'sogen'), ['sandbox', '--listen', `127.0.0.1:${sandboxPort}`,
    '--pathfile', pathfile, '--db', path.join(dir, 'sandbox.sqlite')], { log: sandboxLog });
  env.children.push(sandbox);
  await waitForHttp(`${sandboxUrl}/sandbox/health`, sandbox, sandboxLog);

  const [command, args] = shop.command(shopPort);
  const shopLog = path.join(dir, 'shop.log');
  const server = start(command, args, {
    log: shopLog,
    env: {
      SOGEN_PATHFILE: pathfile,
      SOGEN_BIN: BIN,
      SOGEN_MERCHANT_ID: MERCHANT,
      SOGEN_AUTORESPONSE_LOG: autoLog,
      // php -S answers the automatic response while a browser request waits.
      PHP_CLI_SERVER_WORKERS: '4',
    },
  });
  env.children.push(server);
  await waitForHttp(`${shopUrl}${shop.pages.request}`, server, shopLog);
  env.logs = { sandbox: sandboxLog, shop: shopLog };
  return env;
}

async function stopEnvironment(env) {
  for (const child of env.children.reverse()) await stop(child);
}

for (const shop of SHOPS) {
  const present = fs.existsSync(path.join(ROOT, shop.marker));
  test(`payment flows through ${shop.name}`, { skip: !present && `${shop.marker} is not there`, timeout: 240_000 }, async (t) => {
    const shots = path.join(SCREENSHOTS, shop.name);
    fs.rmSync(shots, { recursive: true, force: true });
    fs.mkdirSync(shots, { recursive: true });
    let step = 0;
    const env = await startEnvironment(shop);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Debian's Chromium, closed network: no background calls to Google.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const shot = async (name) => {
      step += 1;
      await page.screenshot({ path: path.join(shots, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
    };
    // The shop's transaction ids default to the time (hhmmss): one order per second at most.
    let lastOrder = 0;
    const openShop = async (query = '') => {
      const wait = lastOrder + 1100 - Date.now();
      if (wait > 0) await sleep(wait);
      lastOrder = Date.now();
      const r = await page.goto(`${env.shopUrl}${shop.pages.request}${query}`);
      assert.equal(r.status(), 200);
      await page.locator('input[type=image][name=CB]').waitFor();
    };
    const backOffice = async (tid) => {
      const r = await page.request.get(`${env.sandboxUrl}/sandbox/api/transactions?transaction_id=${tid}`);
      const { transactions } = await r.json();
      assert.equal(transactions.length, 1, `one transaction ${tid}`);
      return transactions[0];
    };
    const pay = async (means, card) => {
      await page.locator(`input[type=image][name=${means}]`).click();
      await page.locator('#card-form').waitFor();
      const tid = (await page.locator('#transaction-id').innerText()).trim();
      await shot(`${means.toLowerCase()}-card-page`);
      if (card) {
        await page.fill('#card_number', card);
        await page.fill('#expiry', '12/35');
        await page.fill('#cvv', '123');
        await page.click('#pay');
      } else {
        await page.click('#cancel');
      }
      await page.locator('#return').waitFor();
      return tid;
    };

    try {
      let acceptedForm;
      let acceptedTid;
      await t.test('accepted payment, back to the shop, automatic response SENT', async () => {
        await openShop();
        // The card logos of the form are real images.
        for (const src of await page.locator('input[type=image]').evaluateAll((els) => els.map((e) => e.src))) {
          const r = await page.request.get(src);
          assert.equal(r.headers()['content-type'], 'image/gif', src);
        }
        const imagesOk = await page.evaluate(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
        assert.ok(imagesOk, 'every <img> of the shop page loaded');
        acceptedForm = await page.content();
        await shot('shop');
        const tid = await pay('CB', CARD_ACCEPTED);
        acceptedTid = tid;
        assert.match(await page.locator('#outcome').innerText(), /accepted/i);
        assert.equal((await page.locator('#response-code').innerText()).trim(), '00');
        assert.match(await page.locator('#auto-response').innerText(), /SENT/);
        await shot('receipt-accepted');
        await page.click('#return');
        await page.waitForURL(`${env.shopUrl}${shop.pages.response}`);
        const text = await page.locator('body').innerText();
        assert.ok(text.includes(tid), `call_response shows transaction ${tid}:\n${text}`);
        assert.match(text, /\b00\b/, 'and response code 00');
        await shot('shop-response-accepted');
        // call_autoresponse has the transaction in its log.
        const log = fs.existsSync(env.autoLog) ? fs.readFileSync(env.autoLog, 'utf8') : '';
        assert.ok(log.includes(tid), `autoresponse log holds ${tid}:\n${log}`);
        const row = await backOffice(tid);
        assert.equal(row.status, 'ACCEPTED');
        assert.equal(row.automatic_response_status, 'SENT');
        assert.equal(row.response_code, '00');
        await page.goto(`${env.sandboxUrl}/sandbox/`);
        const tr = page.locator(`tr[data-transaction-id="${tid}"]`);
        assert.equal(await tr.getAttribute('data-status'), 'ACCEPTED');
        assert.equal(await tr.getAttribute('data-auto'), 'SENT');
        await shot('back-office');
      });

      await t.test('refused card', async () => {
        await openShop();
        const tid = await pay('VISA', CARD_REFUSED);
        assert.match(await page.locator('#outcome').innerText(), /refused/i);
        assert.equal((await page.locator('#response-code').innerText()).trim(), '05');
        await shot('receipt-refused');
        await page.click('#return');
        await page.waitForURL(`${env.shopUrl}${shop.pages.response}`);
        const text = await page.locator('body').innerText();
        assert.ok(text.includes(tid) && /\b05\b/.test(text), `call_response shows the refusal:\n${text}`);
        await shot('shop-response-refused');
        const row = await backOffice(tid);
        assert.equal(row.status, 'REFUSED');
        assert.equal(row.automatic_response_status, 'SENT');
      });

      await t.test('cancel', async () => {
        await openShop();
        const tid = await pay('MASTERCARD', null);
        assert.match(await page.locator('#outcome').innerText(), /cancelled/i);
        await shot('receipt-cancelled');
        await page.click('#return');
        await page.waitForURL(`${env.shopUrl}${shop.pages.response}`);
        const text = await page.locator('body').innerText();
        assert.ok(text.includes(tid) && /\b17\b/.test(text), `call_response shows the cancel (17):\n${text}`);
        await shot('shop-response-cancelled');
        assert.equal((await backOffice(tid)).status, 'CANCELLED');
      });

      await t.test('replayed transaction: Transaction already processed', async () => {
        // The accepted order's page again, its form holding the same DATA.
        await page.setContent(acceptedForm);
        await page.locator('input[type=image][name=CB]').click();
        await page.locator('#server-error').waitFor();
        assert.equal(await page.locator('#server-error').innerText(), 'Transaction already processed');
        const colours = await page.locator('.server-error').evaluate((e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]);
        assert.deepEqual(colours, ['rgb(255, 0, 0)', 'rgb(255, 255, 0)'], 'red on yellow, as the FAQ describes');
        await shot('replay-already-processed');
        if (shop.transactionIdParameter) {
          // A new order reusing the transaction id of the day.
          await openShop(`?transaction_id=${acceptedTid}`);
          await page.locator('input[type=image][name=CB]').click();
          await page.locator('#server-error').waitFor();
          assert.equal(await page.locator('#server-error').innerText(), 'Transaction already processed');
          await shot('reused-transaction-id');
        }
        assert.equal((await backOffice(acceptedTid)).status, 'ACCEPTED', 'the replay changed nothing');
      });
    } catch (e) {
      await shot('failure').catch(() => {});
      for (const [name, file] of Object.entries(env.logs)) {
        if (fs.existsSync(file)) console.error(`--- ${name} log:\n${fs.readFileSync(file, 'utf8')}`);
      }
      throw e;
    } finally {
      await browser.close();
      await stopEnvironment(env);
      fs.rmSync(env.dir, { recursive: true, force: true });
    }
  });
}
