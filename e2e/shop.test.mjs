// End to end, in a real browser: a sample shop configured with a generated
// certificate that points at `sogen sandbox`, driven through headless Debian
// Chromium (playwright-core, no browser download):
//   shop -> card logo -> card page -> accepted payment -> receipt -> back to the
//   shop (call_response shows the decoded result: the sample shops' page says
//   paid, refused or cancelled, in French for a French browser); the automatic response has
//   reached call_autoresponse (its log holds the transaction); the back office
//   lists it as SENT and shows its page, on a desktop (1280 px) and on a phone
//   (390 px) without horizontal overflow. Then a refused card, a cancel, and a
//   replayed transaction that gets "Transaction already processed".
// Screenshots of every page go to e2e/screenshots/<shop>/.
//
// Every process started here (sandbox, shop servers, browser) is stopped here,
// and every port is a free one chosen at run time, so `make demo` may run beside.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, BrowserSession, HERE, MERCHANT, ROOT } from './harness.mjs';

// The test cards the sandbox documents (its card page lists them).
const CARD_ACCEPTED = '4970 1000 0000 0006';
const CARD_REFUSED = '4970 1000 0000 0105';

const SHOP_VIEWPORT = { width: 1000, height: 800 };
// The back office must fit a desktop window and a phone.
const BACK_OFFICE_VIEWPORTS = [{ width: 1280, height: 800 }, { width: 390, height: 844 }];

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
    readableResult: true,
  },
  {
    // A WSGI application (`application`) in examples/python/shop.py, served by wsgiref.
    name: 'examples-python',
    marker: 'examples/python/shop.py',
    command: (port) => ['python3', [path.join(HERE, 'serve_wsgi.py'), 'examples/python/shop.py', String(port)]],
    pages: { request: '/call_request', response: '/call_response', auto: '/call_autoresponse' },
    transactionIdParameter: false,
    readableResult: true,
  },
];

/** The merchant's certificate, pointing at the sandbox. */
function writeCertificate(param, sandboxUrl) {
  execFileSync(path.join(BIN, 'sogen'), ['cert', '--merchant-id', MERCHANT, '--country', 'fr',
    '--url', `${sandboxUrl}/cgis-payment/demo`, '--dir', param]);
}

/** A browser page on one shop's environment, with its screenshots. */
class Session extends BrowserSession {
  async openShop(query = '') {
    await this.nextOrder();
    const r = await this.page.goto(`${this.env.shopUrl}${this.shop.pages.request}${query}`);
    assert.equal(r.status(), 200);
    await this.page.locator('input[type=image][name=CB]').waitFor();
  }

  /** Clicks the card `means`, then pays with `card` (or cancels without one); gives the transaction id. */
  async pay(means, card) {
    await this.page.locator(`input[type=image][name=${means}]`).click();
    return this.cardPage(means, card);
  }
}

async function acceptedPayment(s) {
  await s.openShop();
  // The card logos of the form are real images.
  for (const src of await s.page.locator('input[type=image]').evaluateAll((els) => els.map((e) => e.src))) {
    const r = await s.page.request.get(src);
    assert.equal(r.headers()['content-type'], 'image/gif', src);
  }
  const imagesOk = await s.page.evaluate(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
  assert.ok(imagesOk, 'every <img> of the shop page loaded');
  const form = await s.page.content();
  await s.shot('shop');
  const tid = await s.pay('CB', CARD_ACCEPTED);
  assert.match(await s.page.locator('#outcome').innerText(), /accepted/i);
  assert.equal((await s.page.locator('#response-code').innerText()).trim(), '00');
  assert.match(await s.page.locator('#auto-response').innerText(), /SENT/);
  await s.shot('receipt-accepted');
  const text = await s.returnToShop('paid');
  assert.ok(text.includes(tid), `call_response shows transaction ${tid}:\n${text}`);
  assert.match(text, /\b00\b/, 'and response code 00');
  await s.shot('shop-response-accepted');
  // call_autoresponse has the transaction in its log.
  const log = fs.existsSync(s.env.autoLog) ? fs.readFileSync(s.env.autoLog, 'utf8') : '';
  // (Its values, read and verified: "transaction_id : 123456" or "transaction_id=123456".)
  assert.match(log, new RegExp(`transaction_id( : |=)${tid}\\b`), `autoresponse log holds ${tid}:\n${log}`);
  const row = await s.backOffice(tid);
  assert.deepEqual([row.status, row.automatic_response_status, row.response_code], ['ACCEPTED', 'SENT', '00']);
  return { form, tid };
}

/** Nothing of the page lies beyond the window's width. */
async function assertFitsWidth(page, what) {
  const { scroll, inner, widest } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    widest: Math.max(...[...document.querySelectorAll('table, main')].map((e) => e.getBoundingClientRect().right)),
  }));
  assert.ok(scroll <= inner && widest <= inner + 0.5, `${what}: ${scroll} px of content, ${widest} px of tables, in ${inner} px`);
}

async function backOfficeLayouts(s, tid) {
  for (const viewport of BACK_OFFICE_VIEWPORTS) {
    await s.page.setViewportSize(viewport);
    await s.page.goto(`${s.env.sandboxUrl}/sandbox/`);
    const row = s.page.locator(`tr[data-transaction-id="${tid}"]`);
    assert.deepEqual([await row.getAttribute('data-status'), await row.getAttribute('data-auto')], ['ACCEPTED', 'SENT']);
    await assertFitsWidth(s.page, `back office at ${viewport.width} px`);
    await s.shot(`back-office-${viewport.width}`);
    await row.locator('a').first().click();
    await s.page.locator('#attempts').waitFor();
    assert.equal(await s.page.locator('#attempts tr[data-status="SENT"]').count(), 1, 'one delivery, SENT');
    assert.match(await s.page.locator('#request-fields tr[data-field="amount"]').innerText(), /\d{3,}/);
    await assertFitsWidth(s.page, `transaction page at ${viewport.width} px`);
    await s.shot(`transaction-${viewport.width}`);
  }
  await s.page.setViewportSize(SHOP_VIEWPORT);
}

async function refusedCard(s) {
  await s.openShop();
  const tid = await s.pay('VISA', CARD_REFUSED);
  assert.match(await s.page.locator('#outcome').innerText(), /refused/i);
  assert.equal((await s.page.locator('#response-code').innerText()).trim(), '05');
  await s.shot('receipt-refused');
  // The result page in French, as a French browser asks it.
  await s.speak('fr-FR,fr;q=0.9,en;q=0.8');
  const text = await s.returnToShop('refused');
  await s.speak('en-US,en;q=0.9');
  assert.ok(text.includes(tid) && /\b05\b/.test(text), `call_response shows the refusal:\n${text}`);
  if (s.shop.readableResult) {
    assert.equal(await s.page.locator('html').getAttribute('lang'), 'fr');
    assert.match(text, /Paiement refusé/);
  }
  await s.shot('shop-response-refused-fr');
  const row = await s.backOffice(tid);
  assert.deepEqual([row.status, row.automatic_response_status], ['REFUSED', 'SENT']);
}

async function cancel(s) {
  await s.openShop();
  const tid = await s.pay('MASTERCARD', null);
  assert.match(await s.page.locator('#outcome').innerText(), /cancelled/i);
  await s.shot('receipt-cancelled');
  const text = await s.returnToShop('cancelled');
  assert.ok(text.includes(tid) && /\b17\b/.test(text), `call_response shows the cancel (17):\n${text}`);
  await s.shot('shop-response-cancelled');
  assert.equal((await s.backOffice(tid)).status, 'CANCELLED');
}

async function expectAlreadyProcessed(s, shotName) {
  await s.page.locator('input[type=image][name=CB]').click();
  await s.page.locator('#server-error').waitFor();
  assert.equal(await s.page.locator('#server-error').innerText(), 'Transaction already processed');
  await s.shot(shotName);
}

async function replay(s, accepted) {
  // The accepted order's page again, its form holding the same DATA.
  await s.page.setContent(accepted.form);
  await expectAlreadyProcessed(s, 'replay-already-processed');
  const colours = await s.page.locator('.server-error').evaluate((e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]);
  assert.deepEqual(colours, ['rgb(255, 0, 0)', 'rgb(255, 255, 0)'], 'red on yellow, as the FAQ describes');
  if (s.shop.transactionIdParameter) {
    // A new order reusing the transaction id of the day.
    await s.openShop(`?transaction_id=${accepted.tid}`);
    await expectAlreadyProcessed(s, 'reused-transaction-id');
  }
  assert.equal((await s.backOffice(accepted.tid)).status, 'ACCEPTED', 'the replay changed nothing');
}

for (const shop of SHOPS) {
  const present = fs.existsSync(path.join(ROOT, shop.marker));
  test(`payment flows through ${shop.name}`, { skip: !present && `${shop.marker} is not there`, timeout: 240_000 }, async (t) => {
    await Session.run(shop, { credential: writeCertificate }, SHOP_VIEWPORT, async (s) => {
      let accepted;
      await t.test('accepted payment, back to the shop, automatic response SENT', async () => { accepted = await acceptedPayment(s); });
      await t.test('back office and transaction page at 1280 px and 390 px', () => backOfficeLayouts(s, accepted.tid));
      await t.test('refused card', () => refusedCard(s));
      await t.test('cancel', () => cancel(s));
      await t.test('replayed transaction: Transaction already processed', () => replay(s, accepted));
    });
  });
}
