// Builds profiles/*.json (the built-in layout database of `vmcs scan`) from the public layout
// tables, read from local copies the maintainer fetched (never redistributed here: Actaeon and
// vmcsreverse are GPL-2, Volatility 3 is under the VSL). Only offsets (facts) are kept, each with
// the sources that give it. Run after `npm run build`:
//   node tools/build-profiles.mjs DIR   (DIR holds the files named in SOURCES below)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertLayout } from '../dist/scan/convert.js';
import { parseProfile } from '../dist/regions/hardware.js';
import { lookupName } from '../dist/table/table.js';
import { widthBits } from '../dist/table/encoding.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node tools/build-profiles.mjs DIR');

const VMCSREVERSE = 'github.com/yumaueda/vmcsreverse @d981ca74 (2022)';
const VOL3 = 'github.com/volatilityfoundation/volatility3 @a1961401 (2024-10)';
const ACTAEON = 'github.com/eurecom-s3/actaeon @ef308695 (2014)';
const KEYS = {
  '9700k.txt': 'vmcsreverse:i7-9700K', '3220.txt': 'vmcsreverse:i3-3220', '860.txt': 'vmcsreverse:i7-860',
  'vol3-skylake.json': 'vol3:skylake', 'vol3-haswell.json': 'vol3:haswell', 'vol3-nehalem.json': 'vol3:nehalem',
  'vol3-sandybridge.json': 'vol3:sandybridge', 'vol3-westmere.json': 'vol3:westmere',
  'haswell.py': 'actaeon:haswell', 'nehalem.py': 'actaeon:nehalem', 'sandy.py': 'actaeon:sandy', 'westmere.py': 'actaeon:westmere', 'penryn.py': 'actaeon:penryn',
};
const SOURCES = {
  '9700k.txt': `vmcsreverse result/core/i7/9700k.txt (i7-9700K, revision 4), ${VMCSREVERSE}`,
  '3220.txt': `vmcsreverse result/core/i3/3220.txt (i3-3220 Ivy Bridge, revision 0x10), ${VMCSREVERSE}`,
  '860.txt': `vmcsreverse result/core/i7/860.txt (i7-860 Nehalem, revision 0x0e), ${VMCSREVERSE}`,
  'vol3-skylake.json': `Volatility 3 symbols/generic/vmcs/skylake-architecture.json (revision 4), ${VOL3}`,
  'vol3-haswell.json': `Volatility 3 symbols/generic/vmcs/haswell-architecture.json (revision 0x12), ${VOL3}`,
  'vol3-nehalem.json': `Volatility 3 symbols/generic/vmcs/nehalem-architecture.json (revision 0x0e), ${VOL3}`,
  'vol3-sandybridge.json': `Volatility 3 symbols/generic/vmcs/sandybridge-architecture.json (revision 0x10), ${VOL3}`,
  'vol3-westmere.json': `Volatility 3 symbols/generic/vmcs/westmere-architecture.json (revision 0x0f), ${VOL3}`,
  'haswell.py': `Actaeon plugin/hypervisors/vmcs_layouts/haswell.py (word index x 4), ${ACTAEON}`,
  'nehalem.py': `Actaeon plugin/hypervisors/vmcs_layouts/nehalem.py (word index x 4), ${ACTAEON}`,
  'sandy.py': `Actaeon plugin/hypervisors/vmcs_layouts/sandy.py (word index x 4), ${ACTAEON}`,
  'westmere.py': `Actaeon plugin/hypervisors/vmcs_layouts/westmere.py (word index x 4), ${ACTAEON}`,
  'penryn.py': `Actaeon plugin/hypervisors/vmcs_layouts/penryn.py (word index x 4), ${ACTAEON}`,
};
// Rekall issue #420 (E5-2683 v3, Haswell-EP, revision 0x12): the part of its vmcs_layout dump
// that we could read, typed in by hand (name, byte offset).
const REKALL_420 = 'github.com/google/rekall/issues/420 (vmcs_layout on an E5-2683 v3, revision 0x12)';
const REKALL_420_FACTS = [
  ['VIRTUAL_PROCESSOR_ID', 206], ['POSTED_INTR_NV', 684], ['EPTP_INDEX', 516],
  ['GUEST_ES_SELECTOR', 32], ['GUEST_CS_SELECTOR', 48], ['GUEST_SS_SELECTOR', 64], ['GUEST_DS_SELECTOR', 80],
  ['GUEST_FS_SELECTOR', 128], ['GUEST_GS_SELECTOR', 144], ['GUEST_LDTR_SELECTOR', 96], ['GUEST_TR_SELECTOR', 112],
  ['HOST_ES_SELECTOR', 192], ['HOST_CS_SELECTOR', 194], ['HOST_SS_SELECTOR', 196], ['HOST_DS_SELECTOR', 198],
  ['HOST_FS_SELECTOR', 200], ['HOST_GS_SELECTOR', 202], ['HOST_TR_SELECTOR', 204], ['IO_BITMAP_A', 712],
];
// Entries known to be probe artefacts (the offset of another field read back), dropped:
const DROP = {
  'haswell.py': { VIRTUAL_PROCESSOR_ID: 'Actaeon gives 204, which rekall#420 measures as HOST_TR_SELECTOR; Volatility 3, rekall#420 and vmcsreverse (revision 4) give 206' },
  'nehalem.py': { GUEST_INTR_STATUS: 'Actaeon gives 680, GUEST_TR_SELECTOR\'s offset in this layout: Nehalem has no virtual-interrupt delivery, so the probe read back another marker (rekall#420 shows the same artefact)' },
};

const PROFILES = [
  {
    file: 'haswell-skylake.json',
    revision: 0x04,
    revisions: { '0x04': 'Skylake to Coffee Lake (vmcsreverse i7-9700K; Volatility 3 "skylake")', '0x12': 'Haswell, Broadwell (Actaeon, Volatility 3 and Rekall "haswell"; rekall#111: Broadwell reuses it)' },
    name: 'Haswell to Coffee Lake (revisions 0x12 and 0x04)',
    files: ['9700k.txt', 'vol3-skylake.json', 'vol3-haswell.json', 'haswell.py'],
    rekall: true,
    why: 'Revisions 0x12 and 0x04 share this layout: the full tables of both (Actaeon haswell.py for 0x12, vmcsreverse i7-9700K for 0x04) agree on 88 of the 89 fields both give, and the one difference (VPID) is an Actaeon artefact that Volatility 3 and rekall#420 contradict.',
  },
  {
    file: 'nehalem-ivybridge.json',
    revision: 0x10,
    revisions: { '0x0e': 'Nehalem (vmcsreverse i7-860; Actaeon and Volatility 3 "nehalem")', '0x10': 'Sandy Bridge, Ivy Bridge (vmcsreverse i3-3220; Actaeon "sandy"; Volatility 3 "sandybridge")' },
    name: 'Nehalem to Ivy Bridge (revisions 0x0e and 0x10)',
    files: ['3220.txt', '860.txt', 'vol3-sandybridge.json', 'vol3-nehalem.json', 'sandy.py', 'nehalem.py'],
    why: 'Revisions 0x0e and 0x10 share this layout: the sources for the two agree on 132 of the 133 fields both give; the difference (GUEST_INTR_STATUS) is an Actaeon artefact on a CPU without the field.',
  },
  {
    file: 'westmere.json',
    revision: 0x0f,
    revisions: { '0x0f': 'Westmere (Actaeon "westmere", Volatility 3 "westmere")' },
    name: 'Westmere (revision 0x0f)',
    files: ['westmere.py', 'vol3-westmere.json'],
    why: 'Differs from the Nehalem layout at 25 of 121 common fields (EPTP at 320, not 232), so it has its own profile.',
  },
  {
    file: 'penryn.json',
    revision: 0x0d,
    revisions: { '0x0d': 'Penryn (Actaeon "penryn"; one source, measured by a 32-bit prober: natural-width fields may be 4 bytes)' },
    name: 'Penryn (revision 0x0d)',
    files: ['penryn.py'],
    why: 'One source only (Actaeon, 2013); not cross-checked.',
  },
];

const index = { $comment: 'Built-in layout database of vmcs scan: hardware VMCS revision id -> profile (the --layout schema). Built by tools/build-profiles.mjs; see profiles/README.md.', revisions: [] };
for (const P of PROFILES) {
  const byField = new Map(); // field -> [{offset, size, src}]
  const dropped = [];
  const add = (field, offset, size, src) => {
    if (!byField.has(field)) byField.set(field, []);
    byField.get(field).push({ offset, size, src });
  };
  for (const f of P.files) {
    const r = convertLayout(readFileSync(join(dir, f), 'utf8'), f);
    if ('error' in r) throw new Error(`${f}: ${r.error}`);
    for (const p of r.profiles) {
      for (const e of p.fields) {
        const why = DROP[f]?.[e.field];
        if (why) { dropped.push({ field: e.field, offset: e.offset, source: KEYS[f], why }); continue; }
        add(e.field, e.offset, e.size, KEYS[f]);
      }
      for (const s of p.skipped) dropped.push({ field: s, source: KEYS[f], why: 'a name the converter does not match to a field' });
    }
  }
  if (P.rekall) for (const [field, offset] of REKALL_420_FACTS) add(field, offset, undefined, 'rekall#420');
  const fields = [];
  for (const [field, list] of byField) {
    const counts = new Map();
    for (const x of list) counts.set(x.offset, (counts.get(x.offset) ?? 0) + 1);
    const best = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    const agree = list.filter((x) => x.offset === best);
    const other = list.filter((x) => x.offset !== best);
    const f = lookupName(field);
    const size = Math.min(widthBits(f.width, f.access) / 8, ...agree.map((x) => x.size ?? 8));
    const entry = { field, offset: '0x' + best.toString(16).padStart(3, '0'), size, $from: [...new Set(agree.map((x) => x.src))] };
    if (other.length) entry.$conflict = other.map((x) => `${x.src}: ${x.offset}`);
    fields.push(entry);
  }
  fields.sort((a, b) => parseInt(a.offset, 16) - parseInt(b.offset, 16));
  // Two fields at one offset: a probe read back another field's marker. Keep the better-attested one.
  for (let i = 0; i + 1 < fields.length; ) {
    const a = fields[i], b = fields[i + 1];
    if (a.offset !== b.offset) { i++; continue; }
    const [keep, drop] = b.$from.length > a.$from.length ? [b, a] : [a, b];
    dropped.push({ field: drop.field, offset: parseInt(drop.offset, 16), source: drop.$from.join('; '), why: `same offset as ${keep.field} (${keep.$from.length} source(s)): a probe artefact` });
    fields.splice(fields.indexOf(drop), 1);
  }
  // The size of each source's entry was fitted to its own neighbours; fit again to the union.
  for (let i = 0; i + 1 < fields.length; i++) {
    const room = parseInt(fields[i + 1].offset, 16) - parseInt(fields[i].offset, 16);
    while (fields[i].size > room && fields[i].size > 2) fields[i].size /= 2;
  }
  const profile = {
    $comment: [
      `Layout of hardware VMCS pages with revision ${Object.keys(P.revisions).join(' or ')}. ${P.why}`,
      'Offsets are facts measured by the tools named in each $from (VMWRITE or VMREAD probing on real CPUs); they are not verified by this project. On-chip VMCS caching means a page in memory holds what the CPU last wrote back (until VMCLEAR).',
      'Schema: as --layout (examples/profile-example.json). Provenance, ignored by the reader: $from (the sources that give the offset, keys of $sources), $conflict (sources that give another offset), $dropped (entries left out, and why).',
    ],
    revision: '0x' + P.revision.toString(16).padStart(2, '0'),
    name: P.name,
    source: [...new Set(P.files.map((f) => SOURCES[f]).concat(P.rekall ? [REKALL_420] : []))].join('; '),
    $sources: Object.fromEntries(P.files.map((f) => [KEYS[f], SOURCES[f]]).concat(P.rekall ? [['rekall#420', REKALL_420 + ', the part of the dump quoted in the issue']] : [])),
    fields,
  };
  if (dropped.length) profile.$dropped = dropped;
  // one field (and one dropped entry) per line
  const { fields: fs, $dropped: ds, ...rest } = profile;
  const lines = (xs) => xs.map((x) => '  ' + JSON.stringify(x)).join(',\n');
  const head = JSON.stringify(rest, null, 1).slice(0, -2);
  const text = `${head},\n "fields": [\n${lines(fs)}\n ]${ds ? `,\n "$dropped": [\n${lines(ds)}\n ]` : ''}\n}\n`;
  const check = parseProfile(text);
  if ('error' in check) throw new Error(`${P.file}: ${check.error}`);
  writeFileSync(join('profiles', P.file), text);
  for (const [rev, what] of Object.entries(P.revisions)) index.revisions.push({ revision: rev, profile: P.file, cpus: what });
  console.log(P.file, fields.length, 'fields', dropped.length, 'dropped');
}
index.revisions.sort((a, b) => parseInt(a.revision, 16) - parseInt(b.revision, 16));
writeFileSync('profiles/index.json', JSON.stringify(index, null, 1) + '\n');
