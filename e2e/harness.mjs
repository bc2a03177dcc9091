// What the browser tests share: the processes they start (the sandbox, a
// shop's web server) on free ports chosen at run time and stopped with their
// process group, a merchant installation in a temporary directory, the
// doctor's check of it, headless Debian Chromium, and the screenshots.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..');
export const BIN = process.env.SOGEN_BIN_DIR || path.join(ROOT, 'target', 'release');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = path.join(HERE, 'screenshots');
export const MERCHANT = '000000000000001';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
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
export function start(command, args, options = {}) {
  const log = fs.openSync(options.log, 'a');
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...options.env }, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  child.on('error', (e) => fs.appendFileSync(options.log, `spawn error: ${e}\n`));
  return child;
}

export async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  if (!done) {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    await exited;
  }
}

export async function waitForHttp(url, child, logFile) {
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

/** The pathfile and parmcom files of a merchant installation in `dir`; the credential file is the caller's. */
export function writeInstallation(dir, sandboxUrl, shopUrl, pages) {
  const param = path.join(dir, 'param');
  fs.mkdirSync(param);
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
    `CANCEL_URL!${shopUrl}${pages.cancel ?? pages.response}!`,
    `AUTO_RESPONSE_URL!${shopUrl}${pages.auto}!`,
    '',
  ].join('\n'));
  return { pathfile, param };
}

/** The doctor must find the installation healthy, and the running sandbox ready for this merchant; `says` lists more it must say. */
export function checkWithDoctor(env, says = []) {
  const doctor = spawnSync(path.join(BIN, 'sogen'), ['doctor', '--pathfile', env.pathfile, '--lang', 'en'], { cwd: ROOT, encoding: 'utf8' });
  fs.writeFileSync(path.join(env.dir, 'doctor.txt'), doctor.stdout);
  assert.equal(doctor.status, 0, `sogen doctor:\n${doctor.stdout}${doctor.stderr}`);
  for (const text of ["accepts this merchant's payment requests", ...says]) {
    assert.ok(doctor.stdout.includes(text), `the doctor says "${text}":\n${doctor.stdout}`);
  }
}

async function startSandbox(env, port) {
  const log = path.join(env.dir, 'sandbox.log');
  const sandbox = start(path.join(BIN, 'sogen'), ['sandbox', '--listen', `127.0.0.1:${port}`,
    '--pathfile', env.pathfile, '--db', path.join(env.dir, 'sandbox.sqlite')], { log });
  env.children.push(sandbox);
  env.logs.sandbox = log;
  await waitForHttp(`${env.sandboxUrl}/sandbox/health`, sandbox, log);
}

async function startShop(env, shop, port) {
  const [command, args] = shop.command(port, env);
  const log = path.join(env.dir, 'shop.log');
  const server = start(command, args, {
    log,
    env: {
      SOGEN_PATHFILE: env.pathfile,
      SOGEN_BIN: BIN,
      SOGEN_MERCHANT_ID: MERCHANT,
      SOGEN_AUTORESPONSE_LOG: env.autoLog,
      // php -S answers the automatic response while a browser request waits.
      PHP_CLI_SERVER_WORKERS: '4',
      ...shop.env,
    },
  });
  env.children.push(server);
  env.logs.shop = log;
  await waitForHttp(`${env.shopUrl}${shop.pages.request}`, server, log);
}

/**
 * Sandbox + shop for one shop definition: `credential(param, sandboxUrl)`
 * writes the merchant's certificate or key file into the installation,
 * `prepare(env)` readies the shop's files, `says` is what the doctor must say.
 */
export async function startEnvironment(shop, { credential, prepare = () => {}, says = [] }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sogen-e2e-${shop.name}-`));
  const [sandboxPort, shopPort] = [await freePort(), await freePort()];
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const shopUrl = `http://127.0.0.1:${shopPort}`;
  const { pathfile, param } = writeInstallation(dir, sandboxUrl, shopUrl, shop.pages);
  credential(param, sandboxUrl);
  const env = { dir, sandboxUrl, shopUrl, pathfile, autoLog: path.join(dir, 'autoresponse.log'), children: [], logs: {} };
  try {
    prepare(env);
    await startSandbox(env, sandboxPort);
    checkWithDoctor(env, says);
    await startShop(env, shop, shopPort);
  } catch (e) {
    await stopEnvironment(env);
    throw e;
  }
  return env;
}

export async function stopEnvironment(env) {
  for (const child of env.children.reverse()) await stop(child);
}

/** Headless Debian Chromium, closed network: no background calls to Google. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A browser page on one shop's environment, with numbered screenshots in
 * e2e/screenshots/<name>/. The flows' own steps are the subclasses'.
 */
export class BrowserSession {
  static async open(shop, environment, viewport) {
    const s = new this();
    s.shop = shop;
    s.shots = path.join(SCREENSHOTS, shop.name);
    fs.rmSync(s.shots, { recursive: true, force: true });
    fs.mkdirSync(s.shots, { recursive: true });
    s.step = 0;
    // The shop's transaction ids default to the time (hhmmss): one order per second at most.
    s.lastOrder = 0;
    s.env = await startEnvironment(shop, environment);
    try {
      s.browser = await launchBrowser();
      s.page = await s.browser.newPage({ viewport });
    } catch (e) {
      await stopEnvironment(s.env);
      throw e;
    }
    return s;
  }

  /** Opens a session, runs `steps(s)`, keeps a screenshot and the logs of a failure, closes. */
  static async run(shop, environment, viewport, steps) {
    const s = await this.open(shop, environment, viewport);
    try {
      await steps(s);
    } catch (e) {
      await s.shot('failure').catch(() => {});
      s.dumpLogs();
      throw e;
    } finally {
      await s.close();
    }
  }

  async shot(name) {
    this.step += 1;
    await this.page.screenshot({ path: path.join(this.shots, `${String(this.step).padStart(2, '0')}-${name}.png`), fullPage: true });
  }

  /** Waits so that the shop's default transaction id (hhmmss) is a new one. */
  async nextOrder() {
    const wait = this.lastOrder + 1100 - Date.now();
    if (wait > 0) await sleep(wait);
    this.lastOrder = Date.now();
  }

  /**
   * On the sandbox's card page for `means` (the shop's card logo clicked):
   * pays with `card`, or cancels without one; gives the transaction id.
   */
  async cardPage(means, card) {
    await this.page.locator('#card-form').waitFor();
    const tid = (await this.page.locator('#transaction-id').innerText()).trim();
    await this.shot(`${means.toLowerCase()}-card-page`);
    if (card) {
      await this.page.fill('#card_number', card);
      await this.page.fill('#expiry', '12/35');
      await this.page.fill('#cvv', '123');
      await this.page.click('#pay');
    } else {
      await this.page.click('#cancel');
    }
    await this.page.locator('#return').waitFor();
    return tid;
  }

  /** The sandbox's receipt: its outcome and response code; its screenshot. */
  async receipt(name, outcome, code) {
    assert.match(await this.page.locator('#outcome').innerText(), outcome);
    assert.equal((await this.page.locator('#response-code').innerText()).trim(), code);
    await this.shot(`receipt-${name}`);
  }

  /**
   * Back to the shop from the receipt (or an error page's return button):
   * call_response's page text. The sample shops' return URLs name the order
   * (?transaction_id=…); a readable result page shows `outcome` (paid,
   * refused, cancelled) in the browser's language.
   */
  async returnToShop(outcome) {
    await this.page.click('#return');
    const response = new URL(this.shop.pages.response, this.env.shopUrl).href;
    await this.page.waitForURL((url) => url.href.split('?')[0] === response);
    if (outcome && this.shop.readableResult) {
      assert.equal(await this.page.locator('#outcome').getAttribute('data-outcome'), outcome);
    }
    return this.page.locator('body').innerText();
  }

  /** The language the browser asks pages in (Accept-Language). */
  async speak(language) {
    await this.page.setExtraHTTPHeaders({ 'Accept-Language': language });
  }

  /** The back office's JSON record of transaction `tid`. */
  async backOffice(tid) {
    const r = await this.page.request.get(`${this.env.sandboxUrl}/sandbox/api/transactions?transaction_id=${tid}`);
    const { transactions } = await r.json();
    assert.equal(transactions.length, 1, `one transaction ${tid}`);
    return transactions[0];
  }

  async close() {
    await this.browser.close();
    await stopEnvironment(this.env);
    fs.rmSync(this.env.dir, { recursive: true, force: true });
  }

  dumpLogs() {
    for (const [name, file] of Object.entries(this.env.logs)) {
      if (fs.existsSync(file)) console.error(`--- ${name} log:\n${fs.readFileSync(file, 'utf8')}`);
    }
  }
}
