#!/usr/bin/env node
// Convert your own copy of a published VMCS layout table into layout profiles for
// `vmcs scan --layout` / `vmcs annotate --layout` (see README, "The layout database").
//   node tools/convert-layout.mjs [--out DIR] [--revision 0xNN] FILE...
// FILE: Rekall VMCS profile (VMCS.gz or its JSON), Volatility 3 VMCS symbols JSON, Actaeon
// vmcs_layouts/*.py, or yumaueda/vmcsreverse results. Exit 0 done, 2 a file not read or converted.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, basename } from 'node:path';
import { convertLayout } from '../dist/scan/convert.js';
import { parseProfile } from '../dist/regions/hardware.js';

const args = process.argv.slice(2);
let out = '.';
let revision;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') out = args[++i];
  else if (args[i] === '--revision') revision = Number(args[++i]);
  else files.push(args[i]);
}
if (files.length === 0 || out === undefined || (revision !== undefined && !Number.isInteger(revision))) {
  process.stderr.write('usage: node tools/convert-layout.mjs [--out DIR] [--revision 0xNN] FILE...\n');
  process.exit(2);
}
let code = 0;
mkdirSync(out, { recursive: true });
for (const file of files) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    process.stderr.write(`convert-layout: error: ${file}: ${e.code ?? e.message}\n`);
    code = 2;
    continue;
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const r = convertLayout(bytes.toString('utf8'), file, revision !== undefined ? { revision } : {});
  if ('error' in r) {
    process.stderr.write(`convert-layout: error: ${file}: ${r.error}\n`);
    code = 2;
    continue;
  }
  for (const p of r.profiles) {
    const rev = '0x' + p.revision.toString(16).padStart(2, '0');
    const profile = {
      $comment: `Converted by tools/convert-layout.mjs from ${basename(file)} (${r.format}); $from is the name in the source.`,
      revision: rev,
      name: p.name,
      source: `${basename(file)} (${r.format})`,
      fields: p.fields,
    };
    const text = JSON.stringify(profile, null, 1) + '\n';
    const check = parseProfile(text);
    if ('error' in check) {
      process.stderr.write(`convert-layout: error: ${file}: revision ${rev}: ${check.error}\n`);
      code = 2;
      continue;
    }
    const dest = join(out, `profile-${rev}-${basename(file).replace(/\.(gz|json|py|txt)$/g, "").replace(/\.(json|py|txt)$/, "")}.json`);
    writeFileSync(dest, text);
    process.stdout.write(`${dest}: ${p.fields.length} fields from ${file} (${r.format})${p.skipped.length ? `; not matched: ${p.skipped.join(', ')}` : ''}\n`);
  }
}
process.exit(code);
