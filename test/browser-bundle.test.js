// The library runs anywhere (issue 9): dist/index.js bundled by esbuild for the browser
// platform (a `node:` import anywhere in it fails the build: nothing is marked external),
// then run inside a node:vm context that has no Node built-ins at all (only TextDecoder,
// TextEncoder and console), on the real samples: annotate, check and explain give the very
// same results there as the Node build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import vm from 'node:vm';
import { build } from 'esbuild';
import * as node from '../dist/index.js';

const samplesDir = new URL('./fixtures/samples/', import.meta.url);
const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((name) => [name, readFileSync(new URL(name, samplesDir), 'utf8')]);

/** Results as plain JSON text: BigInt values as hex strings. */
const json = (x) => JSON.stringify(x, (k, v) => (typeof v === 'bigint' ? '0x' + v.toString(16) : v));

// What runs on both sides: the same function over the library, the Node build or the bundle.
const EXPLAIN = [
  ['EXIT_REASON', '0x80000021', {}],
  ['EXIT_QUALIFICATION', '0x181', { reason: '48' }],
  ['GUEST_CS_AR_BYTES', 'a09b', {}],
  ['CPU_BASED_VM_EXEC_CONTROL', 'b5986dfa', { all: true }],
];
function run(lib, samples, toBytes, explainCases) {
  const out = [];
  for (const [name, text] of samples) {
    const annotated = lib.annotate(text, { source: name });
    const fromBytes = lib.annotate(toBytes(text), { source: name });
    const checked = annotated.dumps.filter((d) => d.fields.length > 0).map((d) => lib.checkDump(d));
    out.push({ name, annotated, fromBytes, checked });
  }
  const fields = lib.checkFields(new Map([[0x6820, 0x2n], [0x4824, 0x9n]])); // GUEST_RFLAGS, GUEST_INTERRUPTIBILITY_INFO
  const explained = explainCases.map(([f, v, o]) => lib.explain(f, v, o));
  return { out, fields, explained };
}

let bundle;
async function bundled() {
  bundle ??= await build({
    entryPoints: [new URL('../dist/index.js', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'vmcs',
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  return bundle;
}

test('the library bundles for the browser platform, with no node: module in it', async () => {
  const r = await bundled();
  assert.deepEqual(r.errors, []);
  const inputs = Object.keys(r.metafile.inputs);
  assert.ok(inputs.some((p) => p.endsWith('dist/table/fields-data.js')), 'fields.json is in the bundle');
  assert.deepEqual(inputs.filter((p) => p.startsWith('node:') || p.includes('node_modules')), []);
});

test('an import of a node: module fails the browser bundle (the check above can fail)', async () => {
  await assert.rejects(
    build({ stdin: { contents: "import { readFileSync } from 'node:fs'; export const x = readFileSync;", resolveDir: '.' }, bundle: true, platform: 'browser', write: false, logLevel: 'silent' }),
    /node:fs/,
  );
});

test('in a context without Node built-ins, annotate, check and explain give what the Node build gives on the real samples', async () => {
  const code = (await bundled()).outputFiles[0].text;
  const context = vm.createContext({ TextDecoder, TextEncoder, console });
  vm.runInContext(code, context, { filename: 'vmcs.bundle.js' });
  assert.equal(vm.runInContext('typeof process + typeof Buffer + typeof require', context), 'undefinedundefinedundefined');
  context.samples = samples;
  context.explainCases = EXPLAIN;
  // Bytes are made inside the context (a Uint8Array of its own realm), as a page would.
  const inside = vm.runInContext(`(${run})(vmcs, samples, (t) => new Uint8Array([...new TextEncoder().encode(t)]), explainCases)`, context);
  const outside = run(node, samples, (t) => new TextEncoder().encode(t), EXPLAIN);
  assert.equal(json(inside), json(outside));

  // and the results are the real ones: sample 01 fails I-03 (as check-samples.test.js works out)
  const s01 = inside.out.find((s) => s.name.startsWith('01-'));
  assert.ok(s01.checked[0].results.some((r) => r.id === 'I-03' && r.status === 'fail'));
  assert.ok(inside.fields.results.some((r) => r.id === 'I-03' && r.status === 'fail'));
  assert.equal(inside.explained[0].ok, true);
  // samples 41-43 are KVM log lines that are no dump (issue 10), 50-51 a VBox.log register dump and
  // a VMCS layout: they must give none
  // 64-66: other VMMs' own register prints and an AMD trace (hunt, issue 10); 59: HAXM lines of
  // vCPUs printing at once, which no dump can be given
  // 116-117, 125: Bochs's panic log, VirtualBox's Guest CPUM state, a HyperBone bugcheck's arguments (hunt5, issue 10)
  const noDump = (s) => /^(?:4[123]|5[01]|59|6[456]|11[67]|125)-/.test(s.name);
  assert.ok(inside.out.every((s) => (noDump(s) ? s.annotated.dumps.length === 0 : s.annotated.dumps.length > 0) && json(s.annotated.dumps) === json(s.fromBytes.dumps)));
});
