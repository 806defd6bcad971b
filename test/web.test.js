// The web page (web/, built by npm run build:web into web/dist/index.html): one file that
// needs nothing else and can reach nothing else, and whose worker, run here in a context
// without a document or Node built-ins, gives for every bundled sample what the CLI gives:
// the same dumps, the same failed and not-evaluated rules, the same field values.
// test/web-browser.test.js drives the page itself in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import vm from 'node:vm';

const root = new URL('..', import.meta.url);
const html = readFileSync(new URL('web/dist/index.html', root), 'utf8');
const samplesDir = new URL('./fixtures/samples/', import.meta.url);
const samples = readdirSync(samplesDir).filter((f) => f.endsWith('.txt')).sort();
const cli = (...args) =>
  JSON.parse(execFileSync(process.execPath, [new URL('bin/vmcs.js', root).pathname, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 30 }).toString());
// exit status 1 (findings) and 2 (no dump in the input) still give JSON
const cliJson = (...args) => {
  try {
    return cli(...args);
  } catch (e) {
    if (e.status === 1 || e.status === 2) return JSON.parse(e.stdout);
    throw e;
  }
};

const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';

test('the page is one file: its script and style inline, nothing loaded from elsewhere', () => {
  assert.equal(scripts.length, 1);
  assert.equal(scripts[0][1], '', 'a classic inline script: no src, no type=module');
  const markup = html.replace(scripts[0][0], '');
  assert.doesNotMatch(markup, /\b(?:src|href|action)\s*=/i);
  assert.doesNotMatch(markup, /<link\b|@import|url\(/i);
});

test('its Content-Security-Policy allows that one script (by hash) and its blob worker, and no request', () => {
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['default-src'], ["'none'"]);
  const hash = createHash('sha256').update(scripts[0][2], 'utf8').digest('base64');
  assert.deepEqual(directives['script-src'], [`'sha256-${hash}'`, 'blob:']);
  assert.deepEqual(directives['worker-src'], ['blob:']);
  assert.equal(directives['connect-src'], undefined, 'no fetch or XHR: default-src none applies');
});

test('no innerHTML, outerHTML, insertAdjacentHTML or document.write in the page source: input is text, never markup', () => {
  const dir = new URL('web/src/', root);
  for (const f of readdirSync(dir)) {
    const src = readFileSync(new URL(f, dir), 'utf8');
    assert.doesNotMatch(src, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, f);
  }
});

/** The page's script in worker mode: a context with no document, no process, no require. */
function worker() {
  const posted = [];
  const context = vm.createContext({ TextDecoder, TextEncoder, console, postMessage: (m) => posted.push(structuredClone(m)) });
  vm.runInContext(scripts[0][2], context, { filename: 'web/dist/index.html' });
  assert.equal(vm.runInContext('typeof document + typeof process + typeof require', context), 'undefinedundefinedundefined');
  let id = 0;
  /** Send one message; the worker answers synchronously except for the final step of a run. */
  const ask = async (m) => {
    const mine = ++id;
    context.onmessage({ data: { ...m, id: mine } });
    for (let i = 0; i < 100 && !posted.some((p) => p.id === mine && p.type !== 'progress'); i++) await new Promise((r) => setImmediate(r));
    return posted.filter((p) => p.id === mine);
  };
  return ask;
}

const values = (fields) => fields.map((f) => `${f.encoding} ${f.name} ${f.value}`);
const notPassed = (results) => results.filter((r) => r.status !== 'pass');

// The CLI once over every sample (two processes, not twenty): dumps and diagnostics by source.
const paths = samples.map((name) => `test/fixtures/samples/${name}`);
const checkedAll = cliJson('check', '--json', ...paths);
const annotatedAll = cliJson('annotate', '--json', ...paths);

for (const [n, name] of samples.entries()) {
  test(`page and CLI agree on ${name}: dumps, failed and not-evaluated rules, field values`, async () => {
    const path = paths[n];
    const ask = worker();
    const bytes = new Uint8Array(readFileSync(new URL(name, samplesDir)));
    const answers = await ask({ type: 'run', bytes, options: { source: path, format: 'auto' } });
    const end = answers.find((a) => a.type === 'end');
    assert.ok(end, JSON.stringify(answers.at(-1)));
    // dumps come as they complete: in progress messages, then with the end
    end.summaries = answers.flatMap((a) => a.summaries ?? []);
    const checked = checkedAll.dumps.filter((d) => d.source === path);
    // (as check numbers them: the dumps with fields, and a dump of no field that records KVM's failed nested check, sample 105)
    const annotated = annotatedAll.dumps.filter((d) => d.source === path && (d.fields.length > 0 || d.notes?.some((n) => n.label === 'kvm_nested_vmenter_failed')));
    assert.equal(end.summaries.length, checked.length);
    const sum = (k) => checked.reduce((a, d) => a + d.counts[k], 0);
    assert.deepEqual(end.end.totals, { dumps: checked.length, pass: sum('pass'), fail: sum('fail'), notEvaluated: sum('notEvaluated'), unknownReported: end.end.summary.unknownReported, unknownSkipped: end.end.summary.unknownSkipped });
    assert.deepEqual(end.end.diagnostics, checkedAll.diagnostics.filter((d) => d.source === path));
    for (const [i, s] of end.summaries.entries()) {
      const c = checked[i];
      assert.deepEqual(s.failed, c.results.filter((r) => r.status === 'fail').map((r) => r.id));
      assert.equal(s.explanation, c.explanation?.status);
      const [{ view }] = await ask({ type: 'view', index: s.index });
      // the check exactly as `vmcs check --json` gives it, but for the passed rules (the page lists failures and what was not evaluated)
      assert.deepEqual(view.check, { ...c, results: notPassed(c.results) });
      assert.deepEqual(values(view.groups.flatMap((g) => g.fields)), values(annotated[i].fields));
      assert.deepEqual(view.groups.map((g) => g.title), [...new Set(annotated[i].fields.map((f) => f.type))].map((t) => ({ control: 'Control fields', 'exit-info': 'VM-exit information', guest: 'Guest state', host: 'Host state' })[t]));
    }
  });
}

test('page and CLI agree with a capability profile and CPU facts (vmcs check --caps NAME --cpu ...)', async () => {
  const path = 'test/fixtures/samples/01-kvm-5.15-proxmox-syslog.txt';
  const ask = worker();
  const bytes = new Uint8Array(readFileSync(new URL(path, root)));
  const answers = await ask({ type: 'run', bytes, options: { source: path, format: 'auto', profile: 'i7-9750h', cpu: 'paw=39,lma=1' } });
  const end = answers.find((a) => a.type === 'end');
  const checked = cliJson('check', '--json', '--caps', 'i7-9750h', '--cpu', 'paw=39,lma=1', path);
  assert.deepEqual(end.end.totals, checked.summary);
  assert.deepEqual(end.end.caps, checked.caps);
  const [{ view }] = await ask({ type: 'view', index: 1 });
  assert.deepEqual(view.check.results, notPassed(checked.dumps[0].results));
  assert.ok(view.check.results.some((r) => r.id === 'I-03' && r.status === 'fail'));
});

test('options the CLI refuses, the page refuses with the same words', async () => {
  const ask = worker();
  const bytes = new TextEncoder().encode('GUEST_RFLAGS = 0x2\n');
  const [bad] = await ask({ type: 'run', bytes, options: { source: 'x', format: 'auto', cpu: 'paw=x' } });
  assert.equal(bad.type, 'error');
  assert.match(bad.message, /^CPU facts: 'paw=x': paw is /);
  const [none] = await ask({ type: 'run', bytes, options: { source: 'x', format: 'auto', profile: 'no-such-cpu' } });
  assert.match(none.message, /no built-in profile 'no-such-cpu'/);
});
