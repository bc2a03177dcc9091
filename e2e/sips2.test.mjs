// End to end with today's Sogenactif (Sips 2.0), in a real browser: a shop
// moved to Sips 2.0 the way docs/sips2.md tells — its certificate file
// replaced by a key file written with `sogen key` (pointing at the sandbox's
// /paymentInit), call_response and call_autoresponse changed by one line,
// nothing else — pays through `sogen sandbox` in headless Debian Chromium:
//   shop -> card logo (a sealed form per card) -> card page -> accepted
//   payment -> receipt -> back to the shop's normal return URL with Data,
//   Seal and Encode (call_response shows the result); the automatic response
//   reached call_autoresponse; the back office shows the transaction as
//   Sips 2.0. Then a refused card, a cancel (17, back to the normal return
//   URL: Sips 2.0 has no cancel URL), the same transaction id again the same
//   day (94, which the shop receives too), and a form whose amount was changed
//   in the browser (the seal no longer matches: 34).
// The shops: the legacy-style PHP shop of e2e/fixtures (a copy with the
// one-line change), and the PHP and Python samples of examples/ once they use
// the bindings' POST-fields helper (the same scripts then serve SIPS 1.0 and
// Sips 2.0 merchants: only the key file changes).
// Screenshots of every page go to e2e/screenshots/<shop>/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, BrowserSession, HERE, MERCHANT, ROOT } from './harness.mjs';

const SECRET_KEY = 'E2E_Sips2_secret_key_0b7d41';
const CARD_ACCEPTED = '4970 1000 0000 0006';
const CARD_REFUSED = '4970 1000 0000 0105';
const VIEWPORT = { width: 1000, height: 800 };
const PAYPAGE = 'form[action$="/paymentInit"]';

// The one line of the legacy shop's call_response.php and call_autoresponse.php that changes.
const V1_LINE = "[$code, $error, $fields] = read_response($_POST['DATA'] ?? '');";
const V2_LINE = "[$code, $error, $fields] = read_response($_POST['Data'] ?? '', 'seal=' . ($_POST['Seal'] ?? ''), 'encode=' . ($_POST['Encode'] ?? ''));";

/** The merchant's key file, written by `sogen key` where its certificate was, its forms posting to the sandbox. */
function writeKeyFile(param, sandboxUrl) {
  execFileSync(path.join(BIN, 'sogen'), ['key', '--merchant-id', MERCHANT, '--country', 'fr', '--secret-key', '-',
    '--key-version', '1', '--url', `${sandboxUrl}/paymentInit`, '--dir', param], { input: `${SECRET_KEY}\n` });
}

/** The legacy-style shop copied into the environment, with the one-line change of its two response pages. */
function copyLegacyShop(env) {
  const from = path.join(HERE, 'fixtures', 'legacy-shop');
  env.shopDir = path.join(env.dir, 'shop');
  fs.cpSync(from, env.shopDir, { recursive: true });
  for (const page of ['call_response.php', 'call_autoresponse.php']) {
    const before = fs.readFileSync(path.join(from, page), 'utf8');
    assert.ok(before.includes(V1_LINE), `${page} reads the response with ${V1_LINE}`);
    const after = before.replace(V1_LINE, V2_LINE);
    fs.writeFileSync(path.join(env.shopDir, page), after);
    const [old, now] = [before.split('\n'), after.split('\n')];
    assert.equal(old.filter((line, i) => line !== now[i]).length, 1, `${page}: one line changes`);
  }
}

// CANCEL_URL names a page that does not exist: Sips 2.0 never sends the customer there.
const PHP_PAGES = { request: '/call_request.php', response: '/call_response.php', auto: '/call_autoresponse.php', cancel: '/cancelled.php' };

const SHOPS = [
  {
    name: 'legacy-php-sips2',
    prepare: copyLegacyShop,
    command: (port, env) => ['php', ['-S', `127.0.0.1:${port}`, '-t', env.shopDir, path.join(env.shopDir, 'router.php')]],
    // The copy lives elsewhere: the executables still start from the repository root.
    env: { SOGEN_WORKDIR: ROOT },
    pages: PHP_PAGES,
    transactionIdParameter: true,
  },
  {
    name: 'examples-php-sips2',
    helper: { name: 'responseFromPost', files: ['examples/php/call_response.php', 'examples/php/call_autoresponse.php'] },
    command: (port) => ['php', ['-d', 'ffi.enable=1', '-S', `127.0.0.1:${port}`, '-t', 'examples/php']],
    pages: PHP_PAGES,
    transactionIdParameter: false,
  },
  {
    name: 'examples-python-sips2',
    helper: { name: 'response_from_post', files: ['examples/python/call_response.py', 'examples/python/call_autoresponse.py'] },
    command: (port) => ['python3', [path.join(HERE, 'serve_wsgi.py'), 'examples/python/shop.py', String(port)]],
    pages: { request: '/call_request', response: '/call_response', auto: '/call_autoresponse', cancel: '/cancelled' },
    transactionIdParameter: false,
  },
];

/** Why a shop cannot run yet (a sample not using the bindings' POST-fields helper), or null. */
function notReady(shop) {
  if (!shop.helper) return null;
  const without = shop.helper.files.find((f) => !fs.existsSync(path.join(ROOT, f)) || !fs.readFileSync(path.join(ROOT, f), 'utf8').includes(shop.helper.name));
  return without && `${without} does not call the bindings' POST-fields helper ${shop.helper.name} yet`;
}

/** A transaction id as Sips 2.0 returns it: without its leading zeros. */
const number = (tid) => String(Number(tid));

class Sips2Session extends BrowserSession {
  async openShop(query = '') {
    await this.nextOrder();
    const r = await this.page.goto(`${this.env.shopUrl}${this.shop.pages.request}${query}`);
    assert.equal(r.status(), 200);
    await this.page.locator(`${PAYPAGE} button`).first().waitFor();
  }

  async clickCard(means) {
    await this.page.locator(`${PAYPAGE}:has(img[alt="${means}"]) button`).click();
  }

  /** Clicks the card `means`, then pays with `card` (or cancels without one); gives the transaction id. */
  async pay(means, card) {
    await this.clickCard(means);
    return this.cardPage(means, card);
  }

  /** Sips's error page for what was just posted: its message and response code. */
  async errorPage(message, code, shotName) {
    await this.page.locator('#server-error').waitFor();
    assert.equal(await this.page.locator('#server-error').innerText(), message);
    assert.equal(await this.page.locator('#response-code').innerText(), code);
    await this.shot(shotName);
  }
}

async function acceptedPayment(s) {
  await s.openShop();
  // One sealed form per card, posting the Sips 2.0 fields, and no image input adding its click coordinates.
  const forms = await s.page.locator(PAYPAGE).evaluateAll((els) => els.map((f) => [...new FormData(f).keys()].sort().join(',')));
  assert.ok(forms.length >= 2, `a form per card: ${forms}`);
  for (const names of forms) assert.equal(names, 'Data,Encode,InterfaceVersion,Seal,SealAlgorithm');
  const form = await s.page.content();
  await s.shot('shop');
  const tid = await s.pay('CB', CARD_ACCEPTED);
  assert.match(await s.page.locator('#auto-response').innerText(), /SENT/);
  await s.receipt('accepted', /accepted/i, '00');
  const text = await s.returnToShop();
  assert.ok(text.includes(number(tid)) && /\b00\b/.test(text), `call_response shows transaction ${number(tid)} and 00:\n${text}`);
  await s.shot('shop-response-accepted');
  const log = fs.existsSync(s.env.autoLog) ? fs.readFileSync(s.env.autoLog, 'utf8') : '';
  assert.ok(log.includes(number(tid)), `call_autoresponse logged ${number(tid)}:\n${log}`);
  const row = await s.backOffice(tid);
  assert.deepEqual([row.protocol, row.status, row.automatic_response_status, row.response_code], ['V2', 'ACCEPTED', 'SENT', '00']);
  await s.page.goto(`${s.env.sandboxUrl}/sandbox/`);
  const listed = s.page.locator(`tr[data-transaction-id="${tid}"]`);
  assert.equal(await listed.getAttribute('data-protocol'), 'V2');
  assert.match(await listed.innerText(), /Sips 2\.0/);
  assert.ok(!(await s.page.content()).includes(SECRET_KEY), 'the back office never shows the secret key');
  await s.shot('back-office');
  return { form, tid };
}

/** A payment not accepted (`card` refused, or cancelled without one): back to the normal return URL with `code`. */
async function notAccepted(s, { means, card, code, outcome, status, name }) {
  await s.openShop();
  const tid = await s.pay(means, card);
  await s.receipt(name, outcome, code);
  // returnToShop waits for the normal return URL: never the shop's CANCEL_URL.
  const text = await s.returnToShop();
  assert.ok(text.includes(number(tid)) && new RegExp(`\\b${code}\\b`).test(text), `call_response shows ${code}:\n${text}`);
  await s.shot(`shop-response-${name}`);
  const row = await s.backOffice(tid);
  assert.deepEqual([row.status, row.response_code, row.automatic_response_status], [status, code, 'SENT']);
}

async function duplicate(s, accepted) {
  // The accepted order's page again, its forms holding the same transaction id.
  await s.page.setContent(accepted.form);
  await s.clickCard('CB');
  await s.errorPage('Transaction already processed', '94', 'replay-94');
  if (s.shop.transactionIdParameter) {
    // A new order reusing the transaction id of the day: the shop receives 94 too.
    await s.openShop(`?transaction_id=${accepted.tid}`);
    await s.clickCard('CB');
    await s.errorPage('Transaction already processed', '94', 'reused-transaction-id-94');
    const text = await s.returnToShop();
    assert.ok(/\b94\b/.test(text) && text.includes(number(accepted.tid)), `call_response shows 94:\n${text}`);
    await s.shot('shop-response-94');
  }
  assert.equal((await s.backOffice(accepted.tid)).status, 'ACCEPTED', 'the first payment is untouched');
}

async function alteredAmount(s) {
  await s.openShop();
  // In the browser, the amount of the CB form's Data made 0.01: the seal no longer matches.
  const tid = await s.page.locator(`${PAYPAGE}:has(img[alt="CB"]) input[name=Data]`).evaluate((input) => {
    const text = atob(input.value);
    input.value = btoa(text.replace(/(^|\|)amount=\d+/, '$1amount=1'));
    return text.match(/s10TransactionReference\.s10TransactionId=(\d+)/)[1];
  });
  await s.clickCard('CB');
  await s.errorPage('Security error', '34', 'altered-amount-34');
  const r = await s.page.request.get(`${s.env.sandboxUrl}/sandbox/api/transactions?transaction_id=${tid}`);
  assert.deepEqual((await r.json()).transactions, [], 'nothing recorded');
}

for (const shop of SHOPS) {
  const reason = notReady(shop);
  if (reason) console.log(`# ${shop.name} skipped: ${reason}`);
  const environment = { credential: writeKeyFile, prepare: shop.prepare, says: ['is a Sips 2.0 merchant'] };
  test(`Sips 2.0 payment flows through ${shop.name}`, { skip: reason || false, timeout: 240_000 }, async (t) => {
    await Sips2Session.run(shop, environment, VIEWPORT, async (s) => {
      let accepted;
      await t.test('accepted payment, back to the normal return URL, automatic response SENT', async () => { accepted = await acceptedPayment(s); });
      await t.test('refused card', () => notAccepted(s, { means: 'VISA', card: CARD_REFUSED, code: '05', outcome: /refused/i, status: 'REFUSED', name: 'refused' }));
      await t.test('cancel: 17 to the normal return URL', () => notAccepted(s, { means: 'MASTERCARD', card: null, code: '17', outcome: /cancelled/i, status: 'CANCELLED', name: 'cancelled' }));
      await t.test('the same transaction id the same day: 94', () => duplicate(s, accepted));
      await t.test('an amount changed in the browser: 34', () => alteredAmount(s));
    });
  });
}
