import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import './property-seed.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Scanner, scanBytes } from '../dist/scan/scanner.js';
import { validateRegions } from '../dist/scan/validate.js';
import { convertLayout } from '../dist/scan/convert.js';
import * as h from './scan-helpers.js';

const PAGE = 4096;
const prof = h.loadBuiltinProfile('haswell-skylake.json');
const neh = h.loadBuiltinProfile('nehalem-ivybridge.json');
const profiles = new Map([[4, prof], [0x12, prof], [0x10, neh], [0x0e, neh]]);
const bin = new URL('../bin/vmcs.js', import.meta.url).pathname;
const hex = (n) => '0x' + n.toString(16);

/** A raw image: filler, planted regions and decoys at page numbers. */
function rawImage() {
  const img = h.filler(96 * PAGE, 7);
  img.set(h.vmcs12Page(), 3 * PAGE);
  img.set(h.hardwarePage(prof, 4), 10 * PAGE);
  img.set(h.hardwarePage(neh, 0x10 | 0x80000000, { HOST_RIP: 0xffffffff81234000n, EPT_POINTER: 0n, SECONDARY_VM_EXEC_CONTROL: 0n }), 11 * PAGE);
  img.set(h.evmcsPage(), 20 * PAGE);
  img.set(h.hardwarePage(prof, 4, { EPT_POINTER: 0x10f3a05en }), 21 * PAGE); // same VM as page 10
  // decoys: a known revision at a page start, failing one invariant each
  img.set(h.hardwarePage(prof, 4, { VMCS_LINK_POINTER: 0n }), 30 * PAGE);
  img.set(h.hardwarePage(prof, 4, { HOST_CR4: 0x6e0n }), 31 * PAGE);
  img.set(h.hardwarePage(prof, 0x12, { HOST_RIP: 0x0000900000000000n }), 32 * PAGE);
  img.set(h.vmcs12Page({ EPT_POINTER: 0x10f3a059n }), 33 * PAGE);
  img.set(h.vmcs12Page({}, 0x1234), 34 * PAGE);
  // a region not at a page boundary is no candidate
  img.set(h.vmcs12Page().subarray(0, 2048), 40 * PAGE + 2048);
  return img;
}
const RAW_REGIONS = [3, 10, 11, 20, 21].map((p) => p * PAGE);

test('raw image: planted regions found at their exact offsets, decoys rejected with the reason', () => {
  const r = scanBytes(rawImage(), { profiles, keepRejected: true });
  assert.equal(r.container.kind, 'raw');
  assert.deepEqual(r.regions.map((x) => x.offset), RAW_REGIONS);
  assert.deepEqual(r.regions.map((x) => x.phys), RAW_REGIONS);
  assert.deepEqual(r.regions.map((x) => x.format), ['vmcs12', 'hardware', 'hardware', 'evmcs', 'hardware']);
  assert.deepEqual(r.regions.map((x) => x.revision), [0x11e57ed0, 4, 0x10, 1, 4]);
  assert.equal(r.regions[2].shadow, true);
  assert.equal(r.regions[1].key.hostRip, 0xffffffffc0a01234n);
  assert.equal(r.regions[1].key.guestCr3, 0x7e3e000n);
  const rejected = new Map(r.rejected.map((x) => [x.offset / PAGE, x.reason]));
  for (const [page, re] of [
    [30, /VMCS link pointer 0x0 is neither/],
    [31, /HOST_CR4 0x6e0: VMXE \(bit 13\) clear/],
    [32, /HOST_RIP 0x900000000000 is not canonical/],
    [33, /EPTP 0x10f3a059: memory type 1/],
    [34, /VMX-abort indicator 0x1234 is no abort code/],
  ]) assert.match(rejected.get(page) ?? '', re, `page ${page}`);
  assert.equal(r.counts.regions, 5);
});

test('VMs are grouped by (HOST_RIP, EPTP)', async () => {
  const { groupVms } = await import('../dist/scan/scanner.js');
  const r = scanBytes(rawImage(), { profiles });
  const g = groupVms(r.regions).map((x) => [hex(x.hostRip), x.eptp === null ? null : hex(x.eptp), x.regions.map((i) => r.regions[i].offset / PAGE)]);
  assert.deepEqual(g, [
    ['0xffffffff81234000', '0x0', [11]],
    ['0xffffffffc0a01234', '0x10f3a05e', [3, 10, 20, 21]],
  ]);
});

test('a revision known without a layout is a candidate with no field read', () => {
  const img = h.filler(8 * PAGE);
  img.set(h.hardwarePage(prof, 0x15), 2 * PAGE);
  const r = scanBytes(img, { profiles, known: new Map([[0x15, 'a test revision']]), keepRejected: true });
  assert.equal(r.regions.length, 0);
  assert.deepEqual(r.noLayout.map((x) => [x.offset, x.fields.length, x.status]), [[2 * PAGE, 0, 'no-layout']]);
});

test('LiME: ranges map to physical addresses; a page across two contiguous ranges is put together', () => {
  const page = h.hardwarePage(prof, 4);
  const a = h.concat([h.filler(16 * PAGE, 3), page.subarray(0, 1000)]); // range 1 ends 1000 bytes into a page ...
  a.set(h.vmcs12Page(), 5 * PAGE);
  const c = h.concat([page.subarray(1000), h.filler(3 * PAGE, 4)]); // ... that range 2 completes (physically contiguous)
  const b = h.filler(8 * PAGE, 5);
  b.set(h.evmcsPage(), 2 * PAGE);
  const img = h.lime([
    { phys: 0x100000, bytes: a },
    { phys: 0x100000 + a.length, bytes: c },
    { phys: 0x4000000, bytes: b },
  ]);
  const r = scanBytes(img, { profiles });
  assert.equal(r.container.kind, 'lime');
  assert.deepEqual(
    r.regions.map((x) => [x.offset, x.phys, x.format, x.split === true]),
    [
      [32 + 5 * PAGE, 0x105000, 'vmcs12', false],
      [32 + 16 * PAGE, 0x110000, 'hardware', true],
      [32 * 3 + a.length + c.length + 2 * PAGE, 0x4002000, 'evmcs', false],
    ],
  );
});

test('LiME: a broken range header is reported and ends the scan of that image', () => {
  const img = h.lime([{ phys: 0, bytes: new Uint8Array(PAGE) }]);
  const bad = h.concat([img, new Uint8Array(40)]);
  const r = scanBytes(bad, { profiles });
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.args.offset]), [['bad-lime-header', 32 + PAGE]]);
});

test('ELF core: PT_LOAD segments give physical addresses; a page split across non-contiguous segments is no region', () => {
  const page = h.hardwarePage(prof, 4);
  const s1 = h.concat([h.filler(8 * PAGE, 5), page.subarray(0, 2048)]); // the page at phys 0x208000 ...
  s1.set(h.vmcs12Page(), 2 * PAGE);
  const s2 = h.concat([page.subarray(2048), h.filler(7 * PAGE, 6), page.subarray(0, 2048)]); // ... ends here; this half starts a page ...
  const s3 = h.concat([page.subarray(2048), h.filler(PAGE, 8), h.evmcsPage()]); // ... whose other half lies elsewhere: no page
  for (const gap of [0, 100]) {
    const { image, offsets } = h.elfCore([{ phys: 0x200000, bytes: s1 }, { phys: 0x200000 + s1.length, bytes: s2 }, { phys: 0x900800, bytes: s3 }], gap);
    const r = scanBytes(image, { profiles, keepRejected: true });
    assert.equal(r.container.kind, 'elf');
    assert.deepEqual(
      r.regions.map((x) => [x.offset, x.phys, x.format, x.split === true]),
      [
        [offsets[0] + 2 * PAGE, 0x202000, 'vmcs12', false],
        [offsets[0] + 8 * PAGE, 0x208000, 'hardware', gap !== 0],
        [offsets[2] + 2048 + PAGE, 0x902000, 'evmcs', false],
      ],
    );
    // the half page at the end of s2 is cut short, and no candidate is made of it and s3's head
    assert.deepEqual(r.diagnostics.map((d) => [d.code, d.args.phys]), [['truncated-image', 0x200000 + s1.length + s2.length - 2048]]);
    assert.ok(r.rejected.every((x) => x.phys % PAGE === 0 && x.phys < 0x900000 && x.offset < offsets[2]));
  }
});

test('any chunking of the image gives the same result (raw, LiME, ELF)', () => {
  const raw = rawImage();
  const li = h.lime([{ phys: 0x1000, bytes: raw.subarray(0, 50 * PAGE + 123) }, { phys: 0x1000 + 50 * PAGE + 123, bytes: raw.subarray(50 * PAGE + 123) }]);
  const el = h.elfCore([{ phys: 0, bytes: raw.subarray(0, 21 * PAGE + 7) }, { phys: 21 * PAGE + 7, bytes: raw.subarray(21 * PAGE + 7) }], 13).image;
  const summary = (r) => JSON.stringify({ regions: r.regions.map((x) => [x.offset, x.phys, x.status, x.score, x.split ?? false]), rejected: r.rejected.map((x) => [x.offset, x.reason]), c: r.counts.candidates });
  for (const img of [raw, li, el]) {
    const whole = summary(scanBytes(img, { profiles, keepRejected: true }, img.length));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 * PAGE }), { minLength: 1, maxLength: 40 }), (sizes) => {
        // one scratch buffer for every chunk, spoiled after each push, as the CLI reuses its buffer
        const s = new Scanner({ profiles, keepRejected: true });
        const scratch = new Uint8Array(3 * PAGE);
        let o = 0;
        for (let i = 0; o < img.length; i++) {
          const n = Math.min(sizes[i % sizes.length], img.length - o);
          scratch.set(img.subarray(o, o + n));
          s.push(scratch.subarray(0, n));
          scratch.fill(0xa5);
          o += n;
        }
        assert.equal(summary(s.end()), whole);
      }),
      { numRuns: 60 },
    );
  }
});

test('no crash on arbitrary bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 3 * PAGE }), fc.constantFrom([], [0x7f, 0x45, 0x4c, 0x46, 2, 1], [0x45, 0x4d, 0x69, 0x4c]), (body, prefix) => {
      const img = h.concat([new Uint8Array(prefix), body]);
      const r = scanBytes(img, { profiles }, 1000);
      assert.ok(Array.isArray(r.regions));
    }),
    { numRuns: 200 },
  );
});

/** Page tables in a raw image: HOST_CR3 -> PML4 -> PDPT -> PD (a 2 MiB page) and PT (4 KiB pages). */
function pagedImage() {
  const img = new Uint8Array(4 * 1024 * 1024);
  const dv = new DataView(img.buffer);
  const [pml4, pdpt, pd, pt] = [0x1000, 0x2000, 0x3000, 0x4000];
  dv.setBigUint64(pml4 + 8 * 511, BigInt(pdpt | 3), true); // 0xffffff80_00000000 (sign-extended)
  dv.setBigUint64(pdpt + 8 * 510, BigInt(pd | 3), true); // + 510 GiB = 0xffffffff_80000000
  dv.setBigUint64(pd + 8 * 0, BigInt(pt | 3), true);
  dv.setBigUint64(pt + 8 * 5, BigInt(0x10000 | 3), true); // 4 KiB page -> phys 0x10000
  dv.setBigUint64(pd + 8 * 1, BigInt(0x200000 | 0x83), true); // 2 MiB page -> phys 0x200000
  const v = { HOST_CR3: BigInt(pml4) };
  img.set(h.vmcs12Page(v), 0x10000); // mapped by the PT
  img.set(h.vmcs12Page(v), 0x234000); // mapped inside the 2 MiB page
  img.set(h.vmcs12Page(v), 0x11000); // not mapped
  return img;
}

test('--validate walks the host page tables (4 KiB and 2 MiB pages)', async () => {
  const img = pagedImage();
  const r = scanBytes(img, { profiles });
  assert.deepEqual(r.regions.map((x) => x.offset), [0x10000, 0x11000, 0x234000]);
  const v = await validateRegions(r.regions, r.container.segments, async (o, n) => img.subarray(o, o + n));
  assert.deepEqual(v.map((x) => [x.status, x.virtual === undefined ? null : hex(x.virtual)]), [
    ['mapped', '0xffffffff80005000'],
    ['not-mapped', null],
    ['mapped', '0xffffffff80234000'],
  ]);
});

test('converter: one small input in the shape of each format', () => {
  const cases = [
    ['vmcsreverse', 'r.txt', 'vmcs_revision_id: 0000000004\n0x0000681e: 00472\n0x00002800: 00248\n0x00002016: fault\n0x00006c16: 00776\n', 4, [['VMCS_LINK_POINTER', 248, 8], ['GUEST_RIP', 472, 8], ['HOST_RIP', 776, 8]]],
    ['actaeon', 'sandy.py', '# header\nvmcs = {\n"REVISION_ID" : 0x00000000,\n"EPT_POINTER" : 0x0000003a,\n"EPT_POINTER_HIGH" : 0x0000003b,\n"GUEST_RIP" : 0x00000076,\n#"GUEST_CS_AR_BYTES" : 0x8b000000,\n"BOGUS_NAME" : 0x10,\n"GUEST_DS_BASE" : 00000054,\n}\n', 0x10, [['EPT_POINTER', 232, 4], ['EPT_POINTER_HIGH', 236, 4], ['GUEST_RIP', 472, 8]]],
    ['volatility3', 'x.json', JSON.stringify({ base_types: { 'unsigned long long': { size: 8 }, 'unsigned short': { size: 2 } }, symbols: { revision_id: { address: 0, constant_data: btoa('18') } }, user_types: { _VMCS: { fields: { ept: { offset: 320, type: { kind: 'struct', name: 'unsigned long long' } }, vpid: { offset: 206, type: { kind: 'struct', name: 'unsigned short' } }, guest_pdpte: { offset: 544, type: { count: 4, kind: 'array', subtype: { kind: 'struct', name: 'unsigned long long' } } } } } } }), 0x12, [['VIRTUAL_PROCESSOR_ID', 206, 2], ['EPT_POINTER', 320, 8], ['GUEST_PDPTR0', 544, 8], ['GUEST_PDPTR1', 552, 8], ['GUEST_PDPTR2', 560, 8], ['GUEST_PDPTR3', 568, 8]]],
    ['rekall', 'VMCS', JSON.stringify({ $METADATA: {}, $STRUCTS: { VMCS_0x10: [4096, { GUEST_ES_SEL: [512, ['unsigned short', {}]], IO_BITMAP_A_FULL: [160, ['unsigned long long', {}]], IO_BITMAP_A_HIGH: [164, ['unsigned int', {}]], NOT_A_FIELD: [8, ['unsigned int', {}]] }] } }), 0x10, [['IO_BITMAP_A', 160, 4], ['IO_BITMAP_A_HIGH', 164, 4], ['GUEST_ES_SELECTOR', 512, 2]]],
  ];
  for (const [format, name, text, revision, fields] of cases) {
    const r = convertLayout(text, name);
    assert.ok(!('error' in r), `${format}: ${r.error}`);
    assert.equal(r.format, format);
    assert.equal(r.profiles[0].revision, revision, format);
    assert.deepEqual(r.profiles[0].fields.map((f) => [f.field, f.offset, f.size]), fields, format);
  }
  const a = convertLayout(cases[1][2], 'sandy.py');
  assert.deepEqual(a.profiles[0].skipped, ['BOGUS_NAME', 'GUEST_DS_BASE (ambiguous number 00000054)']);
  assert.match(convertLayout('vmcs = {\n"GUEST_RIP" : 0x76,\n}', 'mine.py').error, /does not name its revision/);
  assert.match(convertLayout('hello', 'x').error, /not a layout/);
});

test('built-in database: every index entry loads, and shared layouts point to one file', () => {
  const index = JSON.parse(readFileSync(new URL('../profiles/index.json', import.meta.url), 'utf8'));
  const byFile = {};
  for (const e of index.revisions) (byFile[e.profile] ??= []).push(e.revision);
  assert.deepEqual(byFile, { 'haswell-skylake.json': ['0x04', '0x12'], 'penryn.json': ['0x0d'], 'nehalem-ivybridge.json': ['0x0e', '0x10'], 'westmere.json': ['0x0f'] });
  for (const f of Object.keys(byFile)) {
    const raw = JSON.parse(readFileSync(new URL(`../profiles/${f}`, import.meta.url), 'utf8'));
    for (const e of raw.fields) assert.ok(Array.isArray(e.$from) && e.$from.length > 0, `${f} ${e.field} has provenance`);
    h.loadBuiltinProfile(f);
  }
});

// ------------------------------------------------------------------ CLI
function run(args, opts = {}) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: opts.encoding ?? 'utf8', input: opts.input, env: (({ FORCE_COLOR, ...rest }) => ({ ...rest, NO_COLOR: '1' }))(process.env) });
}

const dir = mkdtempSync(join(tmpdir(), 'vmcs-scan-'));
const rawFile = join(dir, 'mem.raw');
writeFileSync(rawFile, rawImage());
const emptyFile = join(dir, 'empty.raw');
writeFileSync(emptyFile, h.filler(16 * PAGE, 9));

test('CLI: exit codes 0 found, 1 none, 2 trouble', () => {
  const cases = [
    [['scan', rawFile, '--format', 'table'], 0],
    [['scan', emptyFile, '--format', 'table'], 1],
    [['scan', join(dir, 'missing.raw')], 2],
    [['scan', rawFile, '--format', 'xml'], 2],
    [['scan', rawFile, '--layout', join(dir, 'missing.json')], 2],
  ];
  for (const [args, code] of cases) assert.equal(run(args).status, code, args.join(' '));
  assert.match(run(['scan', join(dir, 'missing.raw')]).stderr, /^vmcs scan: error: cannot read '.*missing\.raw': no such file\n$/);
  assert.match(run(['scan', rawFile, '--layout', join(dir, 'missing.json')]).stderr, /^vmcs scan: error: cannot read layout profile '.*missing\.json': no such file\n$/);
  // with --json the unreadable image is in the document, in the shape of every command's diagnostics
  const j = run(['scan', '--json', rawFile, join(dir, 'missing.raw')]);
  assert.equal(j.status, 2);
  const doc = JSON.parse(j.stdout);
  assert.equal(doc.images.length, 1);
  assert.deepEqual(doc.diagnostics, [{ source: join(dir, 'missing.raw'), severity: 'error', code: 'unreadable', message: `cannot read '${join(dir, 'missing.raw')}': no such file` }]);
  const nd = run(['scan', '--ndjson', join(dir, 'missing.raw')]).stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(nd.map((x) => [x.type, x.diagnostics?.[0]?.code]), [['summary', 'unreadable']]);
});

test('CLI: the table lists the regions, the VMs and the stale note', () => {
  const r = run(['scan', rawFile, '--format', 'table']);
  const lines = r.stdout.split('\n');
  assert.match(lines[1], /^OFFSET\s+PHYS\s+REVISION\s+FORMAT\s+SCORE\s+EPTP\s+GUEST_CR3\s+GUEST_RIP\s+HOST_CR3\s+HOST_RIP\s+LINK$/);
  assert.match(lines[2], /^0x3000\s+0x3000\s+0x11e57ed0\s+vmcs12\s+100\s+0x10f3a05e\s+0x7e3e000\s+0xfffff80312345678\s+0x1aa000\s+0xffffffffc0a01234\s+~0$/);
  assert.match(r.stdout, /0xb000\s+0xb000\s+0x00000010 shadow\s+hardware/);
  assert.match(r.stdout, /host RIP 0xffffffffc0a01234 {2}EPTP 0x10f3a05e {2}4 VMCS: 0x3000, 0xa000, 0x14000, 0x15000/);
  assert.match(r.stdout, /5 regions, 18 candidates rejected by the checks \(--all lists them\)/);
  assert.match(r.stdout, /newer on chip until VMCLEAR/);
  const all = run(['scan', rawFile, '--format', 'table', '--all']).stdout;
  assert.match(all, /0x1e000 {2}phys 0x1e000 {2}0x00000004 hardware {2}rejected: VMCS link pointer 0x0/);
});

test('CLI: --json and --ndjson shapes', () => {
  const j = JSON.parse(run(['scan', rawFile, '--json']).stdout);
  assert.deepEqual(j.images[0].regions.map((x) => x.offset), RAW_REGIONS.map(hex));
  assert.deepEqual(Object.keys(j.images[0].regions[0]), ['offset', 'phys', 'revision', 'shadow', 'format', 'layout', 'status', 'score', 'eptp', 'guestCr3', 'guestRip', 'hostCr3', 'hostRip', 'link', 'checks']);
  assert.equal(j.images[0].regions[0].checks[0].sdm, '25.2, 28.7');
  assert.equal(j.notes[0].code, 'may-be-stale');
  const nd = run(['scan', rawFile, '--ndjson']).stdout.trim().split('\n').map((l) => JSON.parse(l));
  const summary = nd.pop();
  assert.deepEqual(nd.map((x) => [x.type, x.image, x.offset]), RAW_REGIONS.map((o) => ['region', rawFile, hex(o)]));
  assert.deepEqual([summary.type, summary.counts.regions, summary.diagnostics], ['summary', RAW_REGIONS.length, []]);
});

test('CLI: vmcs scan IMAGE | vmcs annotate (dump form when stdout is not a terminal)', () => {
  const s = run(['scan', rawFile]);
  assert.equal(s.status, 0);
  const a = run(['annotate', '--brief'], { input: s.stdout });
  assert.equal(a.status, 0, a.stderr);
  assert.equal((a.stdout.match(/^dump \d+ · json/gm) ?? []).length, 5);
  assert.match(a.stdout, /0x00006c16\s+HOST_RIP\s+0xffffffffc0a01234/);
  const c = run(['check'], { input: s.stdout });
  assert.equal((c.stdout.match(/^Dump \d+ \(<stdin>, json\)/gm) ?? []).length, 5);
});

test('library: the scan API is exported from the package entry', async () => {
  const m = await import('../dist/index.js');
  for (const name of ['Scanner', 'scanBytes', 'groupVms', 'validateRegions', 'convertLayout', 'parseProfile', 'runChecks']) assert.equal(typeof m[name], 'function', name);
});

test('CLI: --extract writes regions that annotate reads', () => {
  const out = join(dir, 'x');
  assert.equal(run(['scan', rawFile, '--extract', out, '--format', 'table']).status, 0);
  const files = readdirSync(out).sort();
  assert.deepEqual(files, ['mem.raw-000003000-vmcs12.bin', 'mem.raw-00000a000-hardware.bin', 'mem.raw-00000b000-hardware.bin', 'mem.raw-000014000-evmcs.bin', 'mem.raw-000015000-hardware.bin', 'profile-0x04.json', 'profile-0x10.json']);
  const a = run(['annotate', '--brief', join(out, files[0])]);
  assert.match(a.stdout, /vmcs12/);
  assert.match(a.stdout, /GUEST_RIP\s+0xfffff80312345678/);
  const hw = run(['annotate', '--brief', '--layout', join(out, 'profile-0x04.json'), join(out, files[1])]);
  assert.match(hw.stdout, /HOST_RIP\s+0xffffffffc0a01234/);
});

test('CLI: --validate reports each region', () => {
  const f = join(dir, 'paged.raw');
  writeFileSync(f, pagedImage());
  const j = JSON.parse(run(['scan', f, '--json', '--validate']).stdout);
  assert.deepEqual(j.images[0].regions.map((x) => [x.offset, x.validation.status]), [['0x10000', 'mapped'], ['0x11000', 'not-mapped'], ['0x234000', 'mapped']]);
});

test('tools/convert-layout.mjs: a vmcsreverse-shaped file becomes a profile that scan --layout uses', () => {
  const src = join(dir, '9700k.txt');
  // offsets of the built-in revision-4 profile, for the fields the checks read, under a new revision id
  const pick = ['VMCS_LINK_POINTER', 'HOST_CR0', 'HOST_CR3', 'HOST_CR4', 'HOST_RIP', 'EPT_POINTER', 'GUEST_RIP'];
  const enc = { VMCS_LINK_POINTER: 0x2800, HOST_CR0: 0x6c00, HOST_CR3: 0x6c02, HOST_CR4: 0x6c04, HOST_RIP: 0x6c16, EPT_POINTER: 0x201a, GUEST_RIP: 0x681e };
  const lines = prof.fields.filter((f) => pick.includes(f.field)).map((f) => `0x${enc[f.field].toString(16).padStart(8, '0')}: ${String(f.offset).padStart(5, '0')}`);
  writeFileSync(src, `vmcs_revision_id: 0000000033\n${lines.join('\n')}\n0x00002016: fault\n`);
  const out = join(dir, 'conv');
  const r = spawnSync(process.execPath, [new URL('../tools/convert-layout.mjs', import.meta.url).pathname, '--out', out, src], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /profile-0x21-9700k\.json: 7 fields from .*\(vmcsreverse\)/);
  const img = h.filler(8 * PAGE);
  img.set(h.hardwarePage(prof, 33), 2 * PAGE);
  const f = join(dir, 'rev33.raw');
  writeFileSync(f, img);
  assert.equal(run(['scan', f, '--json']).status, 1);
  const j = JSON.parse(run(['scan', f, '--json', '--layout', join(out, 'profile-0x21-9700k.json')]).stdout);
  assert.deepEqual(j.images[0].regions.map((x) => [x.offset, x.revision, x.hostRip]), [['0x2000', '0x21', '0xffffffffc0a01234']]);
});

test('CLI: an ELF core is read only where its segments are (a sparse file with an 8 GiB hole)', async () => {
  const { openSync, writeSync, closeSync, ftruncateSync } = await import('node:fs');
  const s1 = h.filler(4 * PAGE, 11);
  s1.set(h.vmcs12Page(), PAGE);
  const s2 = h.filler(4 * PAGE, 12);
  s2.set(h.hardwarePage(prof, 4), 3 * PAGE);
  const { image, offsets } = h.elfCore([{ phys: 0x1000000, bytes: s1 }, { phys: 0x7000000, bytes: s2 }]);
  const far = 8 * 1024 ** 3;
  const header = image.subarray(0, offsets[0]);
  new DataView(header.buffer, header.byteOffset).setBigUint64(64 + 2 * 56 + 8, BigInt(far), true); // segment 2's p_offset
  const f = join(dir, 'sparse.core');
  const fd = openSync(f, 'w');
  writeSync(fd, image.subarray(0, offsets[0] + s1.length), 0, offsets[0] + s1.length, 0);
  writeSync(fd, s2, 0, s2.length, far);
  ftruncateSync(fd, far + s2.length);
  closeSync(fd);
  const j = JSON.parse(run(['scan', f, '--json']).stdout);
  assert.deepEqual(j.images[0].regions.map((x) => [x.offset, x.phys]), [[hex(offsets[0] + PAGE), '0x1001000'], [hex(far + 3 * PAGE), '0x7003000']]);
  assert.ok(j.images[0].counts.bytes <= (1 << 20) + s2.length, 'the head and the segments, not the hole');
});

test('ELF: extended program-header numbering, and headers that are not read', () => {
  const s1 = h.filler(4 * PAGE, 13);
  s1.set(h.vmcs12Page(), 2 * PAGE);
  const { image, offsets } = h.elfCore([{ phys: 0x3000000, bytes: s1 }]);
  // PN_XNUM: e_phnum 0xffff, the count (2) in section header 0's sh_info, at e_shoff
  const x = h.concat([image.subarray(0, offsets[0]), new Uint8Array(64), s1]);
  const dv = new DataView(x.buffer);
  dv.setUint16(0x38, 0xffff, true);
  dv.setBigUint64(0x28, BigInt(offsets[0]), true);
  dv.setUint32(offsets[0] + 44, 2, true);
  dv.setBigUint64(64 + 56 + 8, BigInt(offsets[0] + 64), true);
  assert.deepEqual(scanBytes(x, { profiles }).regions.map((r) => [r.offset, r.phys]), [[offsets[0] + 64 + 2 * PAGE, 0x3002000]]);
  const cases = [
    [(b) => (b[4] = 1), /ELF class 1/],
    [(b) => (b[5] = 2), /big-endian/],
    [(b) => new DataView(b.buffer).setUint16(0x38, 0, true), /no program headers/],
  ];
  for (const [spoil, re] of cases) {
    const b = image.slice();
    spoil(b);
    const r = scanBytes(b, { profiles });
    assert.equal(r.regions.length, 0);
    assert.equal(r.diagnostics[0].code, 'bad-elf');
    assert.match(r.diagnostics[0].args.reason, re);
  }
  const bad = join(dir, 'bad.core');
  const b = image.slice();
  b[4] = 1;
  writeFileSync(bad, b);
  const cli = run(['scan', bad, '--format', 'table']);
  assert.equal(cli.status, 2);
  assert.match(cli.stderr, /^vmcs scan: error: .*bad\.core: not a usable ELF core: ELF class 1: only ELF64 core files are read\n$/);
});

test('--validate: a 1 GiB page, 5-level paging with HOST_CR4.LA57, and tables outside the image', async () => {
  // ELF core: page tables in a segment at phys 0, the VMCS pages in a segment at phys 1 GiB + 0x5000
  const tables = new Uint8Array(6 * PAGE);
  const dv = new DataView(tables.buffer);
  dv.setBigUint64(0x1000 + 8 * 1, BigInt(0x2000 | 3), true); // PML4[1] -> PDPT (4-level)
  dv.setBigUint64(0x2000 + 8 * 3, BigInt(0x40000000 | 0x83), true); // PDPT[3]: 1 GiB page at phys 1 GiB
  dv.setBigUint64(0x3000 + 8 * 0, BigInt(0x1000 | 3), true); // PML5[0] -> the same PML4 (5-level)
  dv.setBigUint64(0x4000 + 8 * 2, BigInt(0x7000000 | 3), true); // PML4 whose PDPT is not in the image
  const vm = new Uint8Array(4 * PAGE);
  vm.set(h.vmcs12Page({ HOST_CR3: 0x1000n }), 0);
  vm.set(h.vmcs12Page({ HOST_CR3: 0x3000n, HOST_CR4: 0x3736e0n, HOST_RIP: 0xff00000000001000n }), PAGE); // LA57 (bit 12)
  vm.set(h.vmcs12Page({ HOST_CR3: 0x4000n }), 2 * PAGE);
  const { image } = h.elfCore([{ phys: 0, bytes: tables }, { phys: 0x40005000, bytes: vm }]);
  const r = scanBytes(image, { profiles });
  assert.deepEqual(r.regions.map((x) => hex(x.phys)), ['0x40005000', '0x40006000', '0x40007000']);
  const v = await validateRegions(r.regions, r.container.segments, async (o, n) => image.subarray(o, o + n));
  assert.deepEqual(v.map((x) => [x.status, x.virtual === undefined ? null : hex(x.virtual)]), [
    ['mapped', '0x80c0005000'], // PML4 1 (512 GiB) + PDPT 3 (3 GiB) + 0x5000
    ['mapped', '0x80c0006000'], // PML5 0 adds nothing
    ['not-mapped', null],
  ]);
  assert.match(v[2].detail, /2 table pages read, 1 not in the image/);
  const capped = await validateRegions(r.regions.slice(0, 1), r.container.segments, async (o, n) => image.subarray(o, o + n), { maxTablePages: 1 });
  assert.equal(capped[0].status, 'incomplete');
});

test('CLI: a broken LiME image is trouble (2), with one line naming the offset', () => {
  const f = join(dir, 'bad.lime');
  const good = h.lime([{ phys: 0x1000, bytes: h.vmcs12Page() }]);
  writeFileSync(f, h.concat([good, new Uint8Array(64)]));
  const r = run(['scan', f, '--format', 'table']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `vmcs scan: error: ${f}: LiME range header at offset 0x1020: no LiME magic "EMiL" where the next range header should be; the rest of the image is not scanned\n`);
  assert.match(r.stdout, /^0x20\s+0x1000\s+0x11e57ed0\s+vmcs12/m);
});
