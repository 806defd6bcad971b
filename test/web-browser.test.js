// The web page in a real browser: Debian's chromium, headless, driven by playwright-core, the
// page opened from disk (file://). A real KVM dump pasted shows its failed check (sample 01:
// I-03); a dropped file is read; a click on a value shows explain() of it; every sample shows
// on the page the rules and field values `vmcs check --json` / `annotate --json` give; and the
// page makes no request but its own file and its worker's blob.
// Skipped, with a message, when chromium is not installed (.ci/run installs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run does): the page is not tested in a browser`;
if (skip) console.log(`# web-browser.test.js skipped: ${skip}`);

const root = new URL('..', import.meta.url);
const page = new URL('web/dist/index.html', root).href;
const samplesDir = new URL('./fixtures/samples/', import.meta.url);
const samples = readdirSync(samplesDir).filter((f) => f.endsWith('.txt')).sort();
const run = promisify(execFile);
const cliJson = async (...args) => {
  try {
    return JSON.parse((await run(process.execPath, [new URL('bin/vmcs.js', root).pathname, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 26 })).stdout);
  } catch (e) {
    if (e.code === 1 || e.code === 2) return JSON.parse(e.stdout);
    throw e;
  }
};

test('the page in Chromium, from file://', { skip }, async (t) => {
  // the CLI once over every sample (two processes, while the browser starts): dumps by source
  const paths = samples.map((name) => `test/fixtures/samples/${name}`);
  const fromCli = Promise.all([cliJson('check', '--json', ...paths), cliJson('annotate', '--json', ...paths)]);
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'vmcs-chromium-'));
  // launchPersistentContext: a fresh --user-data-dir of our own
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const [checkedAll, annotatedAll] = await fromCli;
  const requests = [];
  const errors = [];
  context.on('request', (r) => requests.push(r.url()));
  try {
    const p = context.pages()[0] ?? (await context.newPage());
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await p.goto(page);
    const done = async () => {
      await p.waitForSelector('body[data-state=done] details.dump[data-loaded], body[data-state=done]:not(:has(details.dump))');
    };

    await t.test('the work runs in a Web Worker made from the page itself', async () => {
      assert.equal(await p.getAttribute('body', 'data-engine'), 'worker');
    });

    await t.test('a pasted KVM dump (sample 01) shows its failed check first: I-03, its SDM section, the CPU failure, the fields read', async () => {
      await p.fill('#dump', readFileSync(new URL('01-kvm-5.15-proxmox-syslog.txt', samplesDir), 'utf8'));
      await p.click('#run');
      await done();
      const fail = p.locator('details.dump[data-index="1"] article.fail').first();
      assert.equal(await fail.getAttribute('data-rule'), 'I-03');
      const text = await fail.innerText();
      assert.match(text, /^FAIL I-03 SDM 28\.3\.1\.5 /);
      assert.match(text, /Fields read: GUEST_INTERRUPTIBILITY_INFO=0x9 GUEST_RFLAGS=0x2/);
      assert.match(text, /The CPU reports: VM-entry failure: exit reason 33 \(0x80000021, invalid guest state\)/);
      assert.equal(await p.getAttribute('details.dump[data-index="1"] .explanation', 'data-status'), 'explained');
      // the failed check comes before the fields
      const order = await p.$$eval('details.dump[data-index="1"] .dump-body > *', (es) => es.map((e) => e.tagName + '.' + e.className));
      assert.ok(order.indexOf('SECTION.check') < order.indexOf('H3.'));
    });

    await t.test('a click on a value shows it bit by bit (explain), and a second click hides it', async () => {
      const button = p.locator('tr[data-encoding="0x00004402"] button.value');
      assert.equal(await button.innerText(), '0x80000021');
      await button.click();
      assert.equal(await button.getAttribute('aria-expanded'), 'true');
      const panel = p.locator('tr.explain-row .explain');
      const rows = await panel.locator('tbody tr').allInnerTexts();
      assert.ok(rows.some((r) => /^31\s+VM-entry failure\s+1\s/.test(r)), rows.join('\n'));
      assert.ok(rows.some((r) => /^15:0\s+Basic exit reason\s+33\s+VM-entry failure due to invalid guest state/.test(r)));
      await button.press('Enter'); // keyboard too
      assert.equal(await p.locator('tr.explain-row').count(), 0);
      // a field a failed rule read, explained in place
      await p.locator('article.fail button.value', { hasText: 'GUEST_RFLAGS=' }).click();
      assert.match(await p.locator('article.fail .explain').innerText(), /Interrupt enable flag|IF/);
    });

    await t.test('a dropped file is read (Xen sample 03)', async () => {
      const name = '03-xen-4.12-nested-vmlaunch-error.txt';
      const bytes = [...readFileSync(new URL(name, samplesDir))];
      await p.evaluate(
        ({ name, bytes }) => {
          const dt = new DataTransfer();
          dt.items.add(new File([new Uint8Array(bytes)], name, { type: 'text/plain' }));
          document.getElementById('input').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        },
        { name, bytes },
      );
      await p.waitForFunction((n) => document.getElementById('status-text').textContent.startsWith(n + ':'), name);
      await done();
      const cli = checkedAll.dumps.find((d) => d.source === `test/fixtures/samples/${name}`);
      const failed = await p.$$eval('details.dump[data-index="1"] article.fail', (as) => as.map((a) => a.dataset.rule));
      assert.deepEqual(failed, cli.results.filter((r) => r.status === 'fail').map((r) => r.id));
      assert.match(await p.innerText('#chosen'), new RegExp(`Reading the file ${name.replace(/\./g, '\\.')}`));
    });

    await t.test('every sample: the page shows the rules and the field values the CLI gives', async () => {
      for (const name of samples) {
        await p.setInputFiles('#file', new URL(name, samplesDir).pathname);
        await p.waitForFunction((n) => document.getElementById('status-text').textContent.startsWith(n + ':'), name);
        await done();
        // open every dump
        await p.$$eval('details.dump', (ds) => ds.forEach((d) => (d.open = true)));
        await p.waitForFunction(() => [...document.querySelectorAll('details.dump')].every((d) => 'loaded' in d.dataset));
        const shown = await p.$$eval('details.dump', (ds) =>
          ds.map((d) => ({
            failed: [...d.querySelectorAll('article.fail')].map((a) => a.dataset.rule),
            notEvaluated: d.querySelectorAll('.not-evaluated li').length,
            fields: [...d.querySelectorAll('table.fields:not(.notes) tbody tr[data-encoding]')].map((r) => `${r.dataset.encoding} ${r.querySelector('th').textContent} ${r.querySelector('button.value').textContent}`),
          })),
        );
        const path = `test/fixtures/samples/${name}`;
        const checked = checkedAll.dumps.filter((d) => d.source === path);
        // (as check numbers them: the dumps with fields, and a dump of no field that records KVM's failed nested check, sample 105)
        const annotated = annotatedAll.dumps.filter((d) => d.source === path && (d.fields.length > 0 || d.notes?.some((n) => n.label === 'kvm_nested_vmenter_failed')));
        const expected = checked.map((c, i) => ({
          failed: c.results.filter((r) => r.status === 'fail').map((r) => r.id),
          notEvaluated: c.results.filter((r) => r.status === 'not-evaluated').length,
          fields: annotated[i].fields.map((f) => `${f.encoding} ${f.name ?? '(unassigned)'} ${f.value}`),
        }));
        assert.deepEqual(shown, expected, name);
      }
    });

    await t.test('nothing left the page: no request but its file and its worker blob, no error', () => {
      assert.deepEqual(requests.filter((u) => !u.startsWith(page) && !u.startsWith('blob:')), []);
      assert.deepEqual(errors, []);
    });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
