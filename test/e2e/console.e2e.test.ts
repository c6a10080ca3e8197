// End to end in headless Chromium (Debian's chromium via playwright-core): first-run setup,
// sign-in, terms, a sandbox conversation that creates a list, uploads contacts, sends a demo
// and launches a campaign, and the campaign page showing its progress. The whole process
// runs as `wa-chatops start` would (startApp), on a fresh test database, sandbox transport.
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { issueSetupToken } from '../../src/console/setup-token.js';
import { createTestDatabase, silentLog } from '../helpers/pg.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENS = process.env.SCREENS_DIR ?? '/work/screens';
const OWNER = '+923001234567';
const PASSWORD = 'a long admin password';

describe('console end to end (headless Chromium)', function () {
  this.timeout(240_000);
  if (!existsSync(CHROMIUM)) {
    it.skip(`skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);
    return;
  }
  let app: RunningApp;
  let browser: BrowserContext;
  let page: Page;
  let base: string;
  let dropDb: () => Promise<void>;
  let tmp: string;
  const dialogs: string[] = [];

  before(async () => {
    const created = await createTestDatabase();
    dropDb = created.drop;
    tmp = mkdtempSync(path.join(os.tmpdir(), 'wa-e2e-'));
    const config = loadConfig({
      DATABASE_URL: created.url, DATA_DIR: path.join(tmp, 'data'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent',
      WA_TRANSPORT: 'sandbox', SANDBOX_PACING_MS: '0', SANDBOX_DELIVERED_MS: '100', SANDBOX_READ_MS: '-1', SEND_TICK_MS: '200',
      SESSION_SECRET: 'e2e-session-secret-0123456789', OPERATOR_PHONE: '+923000000001',
    });
    app = await startApp(config, silentLog);
    base = `http://127.0.0.1:${app.port}`;
    mkdirSync(SCREENS, { recursive: true });
    browser = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
      executablePath: CHROMIUM, headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      viewport: { width: 1200, height: 900 },
    });
    page = browser.pages()[0] ?? await browser.newPage();
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    await dropDb?.();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });

  /** Types a message as the owner; returns what the platform sent back (all new messages). */
  async function say(text: string): Promise<string> {
    const before = await page.locator('.bubble.out').count();
    await page.fill('textarea[name="text"]', text);
    await Promise.all([page.waitForURL(/\/sandbox\?phone=/), page.click('#chat-form button[type="submit"]')]);
    await page.waitForFunction((n) => document.querySelectorAll('.bubble.out').length > n, before, { timeout: 30_000 });
    await page.waitForTimeout(1500); // a demo arrives as two messages: the demo itself and the bot's note
    return (await page.locator('.bubble.out').allInnerTexts()).slice(before).join('\n---\n');
  }

  it('sets up the first admin, accepts the terms and reaches the overview', async () => {
    await page.goto(`${base}/`);
    expect(page.url()).to.match(/\/setup$/);
    await page.fill('input[name="token"]', (await issueSetupToken(app.ctx))!); // as printed by start
    await page.fill('input[name="email"]', 'owner@example.com');
    await page.fill('input[name="password"]', PASSWORD);
    await page.fill('input[name="password2"]', PASSWORD);
    await shot('01-setup');
    await Promise.all([page.waitForURL(/\/terms$/), page.click('button[type="submit"]')]);
    expect(await page.textContent('main')).to.contain('Demo before launch');
    await shot('02-terms');
    await page.check('input[name="agree"]');
    await Promise.all([page.waitForURL(`${base}/`), page.click('form[action="/terms"] button')]);
    expect(await page.textContent('.last-login')).to.contain('first sign-in');

    // Sign out and in again: the overview now shows the previous login.
    await Promise.all([page.waitForURL(/\/login$/), page.click('header .who button')]);
    await page.fill('input[name="email"]', 'owner@example.com');
    await page.fill('input[name="password"]', PASSWORD);
    await shot('03-login');
    await Promise.all([page.waitForURL(`${base}/`), page.click('main button[type="submit"]')]);
    expect(await page.textContent('.last-login')).to.match(/Last login: \d{4}-\d\d-\d\d \d\d:\d\d UTC from/);
    await shot('04-overview');
  });

  it('creates an account for the owner (small minimum campaign size for the demo)', async () => {
    await page.goto(`${base}/plans`);
    await page.fill('form[action^="/plans/"] input[name="minCampaignSize"]', '1');
    await Promise.all([page.waitForURL(/\/plans$/), page.click('form[action^="/plans/"] button')]);
    await page.goto(`${base}/accounts`);
    await page.fill('input[name="name"]', 'Bismillah <Store>');
    await page.fill('input[name="ownerPhone"]', OWNER);
    await page.fill('input[name="credits"]', '100');
    await Promise.all([page.waitForURL(/\/accounts\/\d+$/), page.click('form[action="/accounts"] button')]);
    expect(await page.textContent('h1')).to.contain('Bismillah <Store>');
    expect(await page.textContent('.balance')).to.equal('100');
    await shot('05-account');
  });

  it('plays the owner conversation in the sandbox: list, contacts, demo, launch', async () => {
    await page.goto(`${base}/sandbox?phone=${encodeURIComponent(OWNER)}`);
    expect(await say('agree')).to.match(/accept|terms|thank/i);
    expect(await say('create list vip')).to.contain('vip');
    const uploaded = await say('upload contacts to vip\n+923011111111 <script>alert(1)</script>\n+923022222222 Sara\n+923033333333 Omar\n12345');
    expect(uploaded).to.match(/3/);
    expect(await say('create campaign eid for vip: Eid Mubarak {{name}}!')).to.contain('eid');
    expect(await say('send demo eid')).to.match(/demo/i);
    const ask = await say('launch eid');
    const code = /\b(\d{6})\b/.exec(ask)?.[1];
    expect(code, ask).to.be.a('string');
    expect(await say(`yes ${code}`)).to.match(/is running: 3 messages/);
    await shot('06-sandbox');
  });

  it('hands out the files the sandbox sent: the rejected-lines file and the data export', async () => {
    expect(await say('export my data')).to.match(/all the data/i);
    const links = page.locator('.bubble.out a[href^="/sandbox/files/"]');
    expect(await links.count()).to.equal(2);
    const names = await links.allInnerTexts();
    expect(names[0]).to.equal('rejected-vip.txt');
    expect(names[1]).to.match(/^wa-chatops-export-\d+-\d{4}-\d\d-\d\d\.json$/);
    const rejected = await page.request.get(base + (await links.nth(0).getAttribute('href'))!);
    expect(rejected.status()).to.equal(200);
    expect(rejected.headers()['content-disposition']).to.match(/^attachment; filename="?rejected-vip\.txt"?$/);
    expect(rejected.headers()['cache-control']).to.equal('no-store');
    expect(await rejected.text()).to.contain('12345');
    const exported = await page.request.get(base + (await links.nth(1).getAttribute('href'))!);
    expect(exported.status()).to.equal(200);
    expect(JSON.stringify(await exported.json())).to.contain('+923022222222');
    // the download goes through the browser too
    const [download] = await Promise.all([page.waitForEvent('download'), links.nth(0).click()]);
    expect(download.suggestedFilename()).to.equal('rejected-vip.txt');
  });

  it('shows the campaign with live progress, counts by status, chart and the rendered text', async () => {
    await page.goto(`${base}/campaigns`);
    expect(await page.locator('tr[data-campaign]').count()).to.equal(1);
    await shot('07-campaigns');
    await Promise.all([page.waitForURL(/\/campaigns\/\d+$/), page.click('tr[data-campaign] a[href^="/campaigns/"]')]);
    // progress.js polls the JSON endpoint: the page reaches 100% without a reload.
    await page.waitForFunction(() => document.querySelector('[data-field="percent"]')?.textContent === '100%', undefined, { timeout: 60_000 });
    expect(Number((await page.textContent('[data-field="total"]'))!.replace(/,/g, ''))).to.equal(3);
    await page.reload();
    expect(await page.locator('svg.chart polyline').count()).to.equal(3);
    expect(await page.textContent('pre.message')).to.equal('Eid Mubarak {{name}}!');
    await shot('08-campaign');

    // A contact named <script> is text everywhere, never markup.
    await page.goto(`${base}/sandbox`);
    expect(await page.textContent('main')).to.contain('Eid Mubarak <script>alert(1)</script>!');
    expect(dialogs).to.deep.equal([]);
  });

  it('shows senders, the audit trail and error pages without internals', async () => {
    await page.goto(`${base}/senders`);
    expect(await page.textContent('main')).to.contain('sandbox');
    await shot('09-senders');
    await page.goto(`${base}/audit`);
    const audit = (await page.textContent('main'))!;
    for (const action of ['admin.create', 'terms.accept', 'account.create', 'plan.update', 'sandbox.play']) expect(audit).to.contain(action);
    await shot('10-audit');
    await page.goto(`${base}/campaigns/424242`);
    expect(await page.textContent('main')).to.contain('There is no campaign 424242');
    await shot('11-not-found');
  });

  it('the overview shows the business: messages today and 7 days with a chart, credits, campaigns, senders, Plans in the menu', async () => {
    await page.goto(`${base}/`);
    const tiles = await page.locator('.tile').allInnerTexts();
    expect(tiles.find((t) => /messages sent today/.test(t))).to.match(/^3\s/);
    expect(tiles.find((t) => /sent in 7 days/.test(t))).to.match(/^3\s/);
    expect(tiles.find((t) => /credits sold \/ used today/.test(t))).to.match(/^100 \/ 3\s/);
    expect(tiles.find((t) => /running campaigns/.test(t))).to.match(/^[01]\s/);
    expect(await page.locator('svg.chart rect').count()).to.be.greaterThan(0);
    expect(await page.locator("svg.chart text").allTextContents()).to.include(new Date().toISOString().slice(5, 10));
    expect(await page.textContent('main')).to.contain('Senders by health');
    expect(await page.locator('header nav a[href="/plans"]').innerText()).to.equal('Plans');
  });

  it('every page is usable at 375 px (nothing wider than the screen) and at desktop width; screenshots of both', async () => {
    const pages = ['/', '/senders', '/accounts', '/accounts/1', '/plans', '/campaigns', '/campaigns/1', `/sandbox?phone=${encodeURIComponent(OWNER)}`, '/audit', '/terms', '/password'];
    const tooWide: string[] = [];
    for (const [label, width] of [['phone', 375], ['desktop', 1280]] as const) {
      await page.setViewportSize({ width, height: 800 });
      for (const p of pages) {
        await page.goto(base + p);
        // wait for progress.js / sandbox.js to settle what they add
        await page.waitForLoadState('networkidle').catch(() => undefined);
        const w = await page.evaluate(() => document.documentElement.scrollWidth);
        if (w > width + 1) tooWide.push(`${p} at ${width}px is ${w}px wide`);
        const slug = p === '/' ? 'overview' : p.replace(/^\//, '').replace(/\?.*$/, '').replace(/\//g, '-');
        await page.screenshot({ path: path.join(SCREENS, `${label}-${slug}.png`), fullPage: true });
      }
    }
    // nav items of the phone header must not overlap each other
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${base}/`);
    const boxes = await page.locator('header.top nav a, header.top .brand, header.top .who').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ l: r.left, r: r.right, t: r.top, b: r.bottom })));
    const overlaps = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => a.l < b.r - 1 && b.l < a.r - 1 && a.t < b.b - 1 && b.t < a.b - 1).map(() => i));
    await page.setViewportSize({ width: 1200, height: 900 });
    expect(tooWide).to.deep.equal([]);
    expect(overlaps).to.deep.equal([]);
  });
});
