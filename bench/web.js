// npm run bench:web: the web page on big logs, in Debian's chromium (headless), from file://.
// Two logs: 100,000 lines of KVM dumps (sample 01 again and again) and 10,000 pairs dumps in
// 100,000 lines. For each: the time from "Annotate and check" to the verdict on the page (read,
// annotate and check in the worker, the first 200 dumps drawn), and the longest the page took
// meanwhile to answer a call (a frozen tab would show here).
//
// The browser is driven over a bare DevTools pipe, not playwright: playwright attaches the
// debugger to every worker, and with a debugger attached V8 makes each throw several times
// slower (checks throw for every rule they cannot evaluate), which a user's browser does not.
// Speed is measured here, never in a timed test.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const root = fileURLToPath(new URL('..', import.meta.url));
const work = join(root, '.bench');
mkdirSync(work, { recursive: true });

const sample = readFileSync(join(root, 'test/fixtures/samples/01-kvm-5.15-proxmox-syslog.txt'), 'utf8').trimEnd().split('\n');
const kvm = [];
while (kvm.length < 100_000) kvm.push(...sample);
kvm.length = 100_000;

// 10,000 dumps of 9 fields and a blank line: 100,000 lines. Dump n has its own RIP; every
// 10th blocks by STI with IF clear (I-03), as sample 01 does.
const pairs = [];
for (let n = 0; n < 10_000; n++) {
  const p = `[ ${(n / 100).toFixed(2)}] vmx:`;
  pairs.push(
    `${p} VM_EXIT_REASON = 0x80000021`,
    `${p} EXIT_QUALIFICATION = 0x0`,
    `${p} GUEST_RIP = 0x${(0xffffffff81000000 + n * 16).toString(16)}`,
    `${p} GUEST_RFLAGS = 0x${n % 10 === 0 ? '2' : '202'}`,
    `${p} GUEST_INTERRUPTIBILITY_INFO = 0x${n % 10 === 0 ? '9' : '0'}`,
    `${p} GUEST_ACTIVITY_STATE = 0x0`,
    `${p} GUEST_CR0 = 0x80050033`,
    `${p} GUEST_CS_AR_BYTES = 0xa09b`,
    `${p} PIN_BASED_VM_EXEC_CONTROL = 0x7f`,
    '',
  );
}
const logs = { 'kvm-100k-lines.log': kvm.join('\n') + '\n', 'pairs-10k-dumps.log': pairs.join('\n') };
for (const [name, text] of Object.entries(logs)) writeFileSync(join(work, 'web-' + name), text);

/** Chromium with --remote-debugging-pipe: DevTools messages, NUL-terminated JSON, on fds 3 (to it) and 4 (from it). */
function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'vmcs-chromium-'));
  const child = spawn(
    process.env.CHROMIUM ?? '/usr/bin/chromium',
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const out = child.stdio[3];
  let id = 0;
  let buf = '';
  const waiting = new Map();
  child.stdio[4].on('data', (d) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\0')) >= 0) {
      const m = JSON.parse(buf.slice(0, i));
      buf = buf.slice(i + 1);
      if (m.id !== undefined) waiting.get(m.id)?.(m);
    }
  });
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const mine = ++id;
      waiting.set(mine, (m) => (waiting.delete(mine), m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)));
      out.write(JSON.stringify({ id: mine, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  const close = () => {
    child.kill();
    rmSync(profile, { recursive: true, force: true });
  };
  return { send, close };
}

const browser = launch();
try {
  const { targetId } = await browser.send('Target.createTarget', { url: new URL('web/dist/index.html', 'file://' + root + '/').href });
  const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
  const evaluate = async (expression) => (await browser.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId)).result.value;
  while ((await evaluate('document.body?.dataset.engine ?? null')) === null) await new Promise((r) => setTimeout(r, 50));
  console.log(`engine: ${await evaluate('document.body.dataset.engine')}`);
  const { root: doc } = await browser.send('DOM.getDocument', {}, sessionId);
  const { nodeId } = await browser.send('DOM.querySelector', { nodeId: doc.nodeId, selector: '#file' }, sessionId);
  for (const [name, how] of [...Object.keys(logs).map((n) => [n, 'file']), ['kvm-100k-lines.log', 'paste']]) {
    // as a paste: the text box's value, and the input event that makes the page read the box, not the file chosen before
    if (how === 'paste') await evaluate(`document.getElementById('dump').value = ${JSON.stringify(logs[name])}; document.getElementById('dump').dispatchEvent(new Event('input')); 0`);
    for (let run = 0; run < RUNS; run++) {
      const runs = await evaluate('Number(document.body.dataset.runs ?? 0)');
      const t0 = Date.now();
      // a chosen file starts the run; a paste runs on the button
      if (how === 'file') {
        // a file of another name each run: choosing the same file again fires no change
        const copy = join(work, `web-run${run}-${name}`);
        writeFileSync(copy, logs[name]);
        await browser.send('DOM.setFileInputFiles', { nodeId, files: [copy] }, sessionId);
      } else await evaluate("document.getElementById('run').click(); 0");
      let gap = 0;
      for (;;) {
        const t = Date.now();
        const n = await evaluate('Number(document.body.dataset.runs ?? 0)');
        gap = Math.max(gap, Date.now() - t);
        if (n > runs) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const wall = Date.now() - t0;
      const r = await evaluate("({ ms: Number(document.body.dataset.ms), status: document.getElementById('status-text').textContent, shown: document.querySelectorAll('details.dump').length })");
      console.log(`${name} (${how})  run ${run + 1}: ${r.ms} ms to the verdict (${wall} ms seen from here); the page answered within ${gap} ms throughout; ${r.shown} dumps drawn`);
      if (run === 0) console.log(`  ${r.status}`);
    }
  }
} finally {
  browser.close();
}
