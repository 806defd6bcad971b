#!/usr/bin/env node
/**
 * Generates src/caps/qemu-models.ts: the VMX capability MSRs that a nested guest of each named
 * QEMU CPU model sees (with KVM, `-cpu MODEL,+vmx`), from QEMU's own source. What a nested
 * guest of QEMU model X sees, not real silicon.
 *
 *   node scripts/qemu-profiles.mjs QEMU_SOURCE_DIR "provenance text" [--skip MODEL,...] > src/caps/qemu-models.ts
 *
 * QEMU_SOURCE_DIR is a QEMU tree (only target/i386/cpu.c, target/i386/cpu.h and VERSION are
 * read). Nothing of QEMU's code is copied: this script reads QEMU's tables as data and
 * re-implements, in its own words, how QEMU and KVM turn them into MSR values:
 *
 *  1. Model features. target/i386/cpu.c `builtin_x86_defs[]`: each model's
 *     `.features[FEAT_VMX_*]` words (and its CPUID words, for the facts and the dependencies),
 *     and its `.versions` whose `.props` turn named features on or off. Versions apply
 *     cumulatively: version N applies the props of versions 1..N in order
 *     (cpu.c x86_cpu_apply_version_props()).
 *  2. Property names. cpu.c `feature_word_info[]` gives each feature word its 32 or 64
 *     `feat_names` ("vmx-ept", "rtm", ...), which is how a version's props name bits.
 *  3. Dependencies. cpu.c `feature_dependencies[]`, applied once in table order by
 *     x86_cpu_expand_features(): when no bit of `from` is set, the bits `to` are cleared (no
 *     RDTSCP in CPUID: no "enable RDTSCP" control; no EPT: no EPT capabilities, no unrestricted
 *     guest; ...). The dependencies on CPUID.1:ECX.VMX are taken as met (the guest has +vmx).
 *  4. MSR values. target/i386/kvm/kvm.c kvm_msr_entry_add_vmx() and make_vmx_msr_value()
 *     (QEMU 10.0.50: kvm.c lines 3925-4079 of the tree this was generated from):
 *     - a control MSR's allowed-1 half (bits 63:32) is the feature word OR the SDM's default-1
 *       bits of that MSR (pin 0x16, primary 0x0401e172, exit 0x36dff, entry 0x11ff, secondary
 *       none); its allowed-0 half (bits 31:0, the bits that must be 1) is the default-1 bits
 *       the feature word does not list (a default-1 bit listed as a feature may be 0). QEMU
 *       writes these as the TRUE MSRs (48DH-490H) and IA32_VMX_PROCBASED_CTLS2;
 *     - "host address-space size" (exit bit 9) may be 1 when the model has CPUID LM;
 *     - IA32_VMX_BASIC is the feature word plus the VMCS revision, region size and memory
 *       type of the host (bits 30:0, 44:32, 53:50): those bits are unknown here;
 *     - IA32_VMX_MISC is the feature word plus the host's preemption-timer rate (4:0) and
 *       MSR-list size (27:25): unknown here; the CR3-target count (24:16) is 0;
 *     - IA32_VMX_EPT_VPID_CAP is the feature word plus the host's UC and WB memory types when
 *       the model has EPT: unknown here, except WB (see `assumed`);
 *     - IA32_VMX_VMFUNC is the feature word (when KVM has the MSR, as since Linux 4.x);
 *     - CR0_FIXED0 is PE|NE|PG, CR4_FIXED0 VMXE; VMCS_ENUM 0x52 with FRED, else 0x44 with the
 *       secondary exit controls, else 0x32 with TSC scaling, else 0x2e.
 *  5. What KVM adds (Linux arch/x86/kvm/vmx/nested.c), outside QEMU: the non-TRUE control MSRs
 *     (481H-484H) are the TRUE ones with every default-1 bit forced to 1 (vmx_get_vmx_msr());
 *     CR0_FIXED1 is 0xffffffff; CR4_FIXED1 has PCE and one bit per CPUID feature of the guest
 *     (nested_vmx_cr_fixed1_bits_update()): only the bits of that mapping that this script
 *     knows are marked known, the others stay unknown.
 *  6. IA32_VMX_PROCBASED_CTLS3 and IA32_VMX_EXIT_CTLS2 are not set by QEMU: left out (absent,
 *     unless the model cannot use them, in which case check knows they are not implemented).
 *
 * The result is what `-cpu MODEL,+vmx` gives a nested guest when the host supports every
 * feature of the model (QEMU otherwise drops the missing ones with a warning, or refuses to
 * start with enforce).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const skipAt = args.indexOf('--skip');
/** Models left out (a tree whose generic models were changed, say): --skip a,b,c */
const skip = new Set(skipAt >= 0 ? args.splice(skipAt, 2)[1].split(',') : []);
const [dir, provenance = ''] = args;
if (!dir) {
  process.stderr.write('usage: node scripts/qemu-profiles.mjs QEMU_SOURCE_DIR "provenance" [--skip MODEL,...] > src/caps/qemu-models.ts\n');
  process.exit(2);
}
const cpuC = readFileSync(join(dir, 'target/i386/cpu.c'), 'utf8');
const cpuH = readFileSync(join(dir, 'target/i386/cpu.h'), 'utf8');
const version = readFileSync(join(dir, 'VERSION'), 'utf8').trim();

const M64 = (1n << 64n) - 1n;

// --- C constant expressions over cpu.h's #defines --------------------------------------------
const defines = new Map();
for (const text of [cpuH, cpuC]) {
  const joined = text.replace(/\\\r?\n/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  for (const m of joined.matchAll(/^#define\s+([A-Za-z0-9_]+)[ \t]+(.+)$/gm)) defines.set(m[1], m[2].replace(/\/\/.*$/, '').trim());
}

/** Evaluates `A | B | (1ULL << 5) | ~0ull | 0xffffffffull << 32` as a 64-bit BigInt. */
function evaluate(expr, depth = 0) {
  if (depth > 20) throw new Error(`macro recursion in ${expr}`);
  const toks = expr.match(/0x[0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|[A-Za-z_][A-Za-z0-9_]*|<<|>>|[|&~()]/g) ?? [];
  let i = 0;
  const peek = () => toks[i];
  const next = () => toks[i++];
  function primary() {
    const t = next();
    if (t === undefined) throw new Error(`unexpected end of ${expr}`);
    if (t === '(') {
      const v = or();
      if (next() !== ')') throw new Error(`missing ) in ${expr}`);
      return v;
    }
    if (t === '~') return ~primary() & M64;
    if (/^\d|^0x/.test(t)) return BigInt(t.replace(/[uUlL]+$/, ''));
    if (t === 'ULL' || t === 'U') return primary();
    const d = defines.get(t);
    if (d === undefined) throw new Error(`unknown macro ${t}`);
    return evaluate(d, depth + 1);
  }
  function shift() {
    let v = primary();
    while (peek() === '<<' || peek() === '>>') {
      const op = next();
      const r = primary();
      v = op === '<<' ? (v << r) & M64 : v >> r;
    }
    return v;
  }
  function and() {
    let v = shift();
    while (peek() === '&') {
      next();
      v &= shift();
    }
    return v;
  }
  function or() {
    let v = and();
    while (peek() === '|') {
      next();
      v |= and();
    }
    return v;
  }
  const v = or();
  if (i !== toks.length) throw new Error(`cannot read ${expr}`);
  return v;
}

// --- brace matching over C text (strings and comments skipped) --------------------------------
function stripComments(s) {
  return s.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}
/** Index of the brace that closes the one at `open`. */
function closeOf(s, open) {
  let depth = 0;
  let inStr = false;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (inStr) {
      if (ch === '\\') i++;
      else if (ch === '"') inStr = false;
    } else if (ch === '"') inStr = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  throw new Error('unbalanced braces');
}
/** The top-level `{...}` items of the array or struct whose `{` is at `open`. */
function items(s, open) {
  const end = closeOf(s, open);
  const out = [];
  for (let i = open + 1; i < end; i++) {
    if (s[i] === '{') {
      const c = closeOf(s, i);
      out.push(s.slice(i, c + 1));
      i = c;
    }
  }
  return out;
}
/** Splits the body of a designated initializer at its top-level commas. */
function members(body) {
  const out = [];
  let depth = 0;
  let inStr = false;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (inStr) {
      if (ch === '\\') i++;
      else if (ch === '"') inStr = false;
    } else if (ch === '"') inStr = true;
    else if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(body.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(body.slice(start).trim());
  return out.filter((m) => m !== '');
}

const src = stripComments(cpuC);

// --- feature_word_info: property name -> (word, bit) -------------------------------------------
const propBits = new Map();
{
  const at = src.indexOf('feature_word_info[FEATURE_WORDS] =');
  const open = src.indexOf('{', at);
  const end = closeOf(src, open);
  const body = src.slice(open + 1, end);
  for (const m of body.matchAll(/\[(FEAT_[A-Z0-9_]+)\]\s*=\s*\{/g)) {
    const o = body.indexOf('{', m.index + m[0].length - 1);
    const entry = body.slice(o, closeOf(body, o) + 1);
    const fn = /\.feat_names\s*=\s*\{/.exec(entry);
    if (!fn) continue;
    const fo = entry.indexOf('{', fn.index + fn[0].length - 1);
    const list = members(entry.slice(fo + 1, closeOf(entry, fo)));
    let bit = 0;
    for (const item of list) {
      const des = /^\[(\d+)\]\s*=\s*"([^"]+)"$/.exec(item);
      if (des) {
        propBits.set(des[2], { word: m[1], bit: BigInt(des[1]) });
        continue;
      }
      const str = /^"([^"]+)"$/.exec(item);
      if (str && !propBits.has(str[1])) propBits.set(str[1], { word: m[1], bit: BigInt(bit) });
      bit++;
    }
  }
}

// --- feature_dependencies ------------------------------------------------------------------------
const dependencies = [];
{
  const at = src.indexOf('feature_dependencies[] =');
  const open = src.indexOf('{', at);
  for (const it of items(src, open)) {
    const m = /\.from\s*=\s*\{\s*(FEAT_[A-Z0-9_]+)\s*,([^}]*)\}\s*,\s*\.to\s*=\s*\{\s*(FEAT_[A-Z0-9_]+)\s*,([^}]*)\}/.exec(it);
    if (!m) throw new Error(`cannot read dependency ${it}`);
    dependencies.push({ from: m[1], fromMask: m[2].trim(), to: m[3], toMask: m[4].trim() });
  }
}

// --- builtin_x86_defs ----------------------------------------------------------------------------
function stringOf(s) {
  const m = /^"((?:[^"\\]|\\.)*)"$/.exec(s.trim());
  return m ? m[1] : undefined;
}
const models = [];
{
  const at = src.indexOf('builtin_x86_defs[] =');
  const open = src.indexOf('{', at);
  for (const it of items(src, open)) {
    const def = { name: '', modelId: '', vendor: '', features: new Map(), versions: [] };
    for (const mem of members(it.slice(1, -1))) {
      const eq = mem.indexOf('=');
      const key = mem.slice(0, eq).trim();
      const value = mem.slice(eq + 1).trim();
      const feat = /^\.features\[(FEAT_[A-Z0-9_]+)\]$/.exec(key);
      if (key === '.name') def.name = stringOf(value);
      else if (key === '.model_id') def.modelId = stringOf(value) ?? value;
      else if (key === '.vendor') def.vendor = value;
      else if (feat) {
        // A word this script does not need may use macros it cannot evaluate; the VMX and CPUID words it reads must evaluate.
        try {
          def.features.set(feat[1], evaluate(value));
        } catch (err) {
          if (/VMX|FEAT_1_|FEAT_7_|8000_0001/.test(feat[1])) throw err;
        }
      }
      else if (key === '.versions') {
        const vo = value.indexOf('{');
        for (const v of items(value, vo)) {
          const vm = members(v.slice(1, -1));
          const ver = { version: 0, alias: undefined, props: [] };
          for (const x of vm) {
            const e = x.indexOf('=');
            const k = x.slice(0, e).trim();
            const val = x.slice(e + 1).trim();
            if (k === '.version') ver.version = Number(val);
            else if (k === '.alias') ver.alias = stringOf(val);
            else if (k === '.props') {
              const po = val.indexOf('{');
              for (const p of items(val, po)) {
                const pm = members(p.slice(1, -1)).map(stringOf);
                if (pm.length === 2 && pm[0] !== undefined) ver.props.push([pm[0], pm[1]]);
              }
            }
          }
          if (ver.version > 0) def.versions.push(ver);
        }
      }
    }
    if (def.versions.length === 0) def.versions.push({ version: 1, props: [] });
    models.push(def);
  }
}

// --- per model version: feature words -> MSRs --------------------------------------------------
const VMX_WORDS = ['FEAT_VMX_PINBASED_CTLS', 'FEAT_VMX_PROCBASED_CTLS', 'FEAT_VMX_SECONDARY_CTLS', 'FEAT_VMX_EXIT_CTLS', 'FEAT_VMX_ENTRY_CTLS', 'FEAT_VMX_MISC', 'FEAT_VMX_EPT_VPID_CAPS', 'FEAT_VMX_BASIC', 'FEAT_VMX_VMFUNC'];
// SDM Vol. 3D A.3.1-A.5: the default-1 bits of each control MSR (the same numbers QEMU's make_vmx_msr_value() uses).
const DEFAULT1 = { pin: 0x16n, proc: 0x0401e172n, exit: 0x36dffn, entry: 0x11ffn, proc2: 0n };
const bit = (n) => 1n << BigInt(n);

/** Allowed-0 (31:0: must be 1) and allowed-1 (63:32: may be 1) of one control MSR from its feature word. */
function controlMsr(features, default1) {
  const mayBe1 = (features | default1) & 0xffffffffn;
  const mustBe1 = default1 & ~features & 0xffffffffn;
  return (mayBe1 << 32n) | mustBe1;
}

/** CR4 bits KVM lets a nested guest set, by the guest CPUID feature they need (nested_vmx_cr_fixed1_bits_update). */
const CR4_BY_FEATURE = [
  [0, 'FEAT_1_EDX', 'CPUID_VME'], // VME
  [1, 'FEAT_1_EDX', 'CPUID_VME'], // PVI
  [2, 'FEAT_1_EDX', 'CPUID_TSC'], // TSD
  [3, 'FEAT_1_EDX', 'CPUID_DE'], // DE
  [4, 'FEAT_1_EDX', 'CPUID_PSE'], // PSE
  [5, 'FEAT_1_EDX', 'CPUID_PAE'], // PAE
  [6, 'FEAT_1_EDX', 'CPUID_MCE'], // MCE
  [7, 'FEAT_1_EDX', 'CPUID_PGE'], // PGE
  [9, 'FEAT_1_EDX', 'CPUID_FXSR'], // OSFXSR
  [10, 'FEAT_1_EDX', 'CPUID_SSE'], // OSXMMEXCPT
  [11, 'FEAT_7_0_ECX', 'CPUID_7_0_ECX_UMIP'], // UMIP
  [12, 'FEAT_7_0_ECX', 'CPUID_7_0_ECX_LA57'], // LA57
  [13, 'FEAT_1_ECX', 'CPUID_EXT_VMX'], // VMXE (the guest has +vmx)
  [14, 'FEAT_1_ECX', 'CPUID_EXT_SMX'], // SMXE
  [16, 'FEAT_7_0_EBX', 'CPUID_7_0_EBX_FSGSBASE'], // FSGSBASE
  [17, 'FEAT_1_ECX', 'CPUID_EXT_PCID'], // PCIDE
  [18, 'FEAT_1_ECX', 'CPUID_EXT_XSAVE'], // OSXSAVE
  [20, 'FEAT_7_0_EBX', 'CPUID_7_0_EBX_SMEP'], // SMEP
  [21, 'FEAT_7_0_EBX', 'CPUID_7_0_EBX_SMAP'], // SMAP
  [22, 'FEAT_7_0_ECX', 'CPUID_7_0_ECX_PKU'], // PKE
];

function profileOf(def, ver) {
  const f = new Map(def.features);
  const get = (w) => f.get(w) ?? 0n;
  // Versions apply cumulatively (x86_cpu_apply_version_props).
  for (const v of def.versions) {
    for (const [k, val] of v.props) {
      const pb = propBits.get(k);
      if (!pb) continue;
      const on = val === 'on';
      if (val !== 'on' && val !== 'off') continue;
      f.set(pb.word, on ? get(pb.word) | bit(pb.bit) : get(pb.word) & ~bit(pb.bit));
    }
    if (v.version === ver.version) break;
  }
  f.set('FEAT_1_ECX', get('FEAT_1_ECX') | evaluate('CPUID_EXT_VMX'));
  // x86_cpu_expand_features: one pass over feature_dependencies, in order.
  for (const d of dependencies) {
    if ((get(d.from) & evaluate(d.fromMask)) === 0n) f.set(d.to, get(d.to) & ~evaluate(d.toMask));
  }
  const lm = (get('FEAT_8000_0001_EDX') & evaluate('CPUID_EXT2_LM')) !== 0n;
  const has = (w, m) => (get(w) & evaluate(m)) !== 0n;
  const msrs = {};
  const known = {};
  const pin = controlMsr(get('FEAT_VMX_PINBASED_CTLS'), DEFAULT1.pin);
  const proc = controlMsr(get('FEAT_VMX_PROCBASED_CTLS'), DEFAULT1.proc);
  let exit = controlMsr(get('FEAT_VMX_EXIT_CTLS'), DEFAULT1.exit);
  if (lm) exit |= bit(9) << 32n;
  const entry = controlMsr(get('FEAT_VMX_ENTRY_CTLS'), DEFAULT1.entry);
  msrs.TRUE_PINBASED_CTLS = pin;
  msrs.TRUE_PROCBASED_CTLS = proc;
  msrs.TRUE_EXIT_CTLS = exit;
  msrs.TRUE_ENTRY_CTLS = entry;
  msrs.PINBASED_CTLS = pin | DEFAULT1.pin;
  msrs.PROCBASED_CTLS = proc | DEFAULT1.proc;
  msrs.EXIT_CTLS = exit | DEFAULT1.exit;
  msrs.ENTRY_CTLS = entry | DEFAULT1.entry;
  if (has('FEAT_VMX_PROCBASED_CTLS', 'VMX_CPU_BASED_ACTIVATE_SECONDARY_CONTROLS')) msrs.PROCBASED_CTLS2 = controlMsr(get('FEAT_VMX_SECONDARY_CTLS'), DEFAULT1.proc2);
  // Without IA32_VMX_BASIC bit 55 (vmx-true-ctls) the guest has no TRUE MSRs to read (SDM A.2).
  if (!has('FEAT_VMX_BASIC', 'MSR_VMX_BASIC_TRUE_CTLS')) for (const k of ['TRUE_PINBASED_CTLS', 'TRUE_PROCBASED_CTLS', 'TRUE_EXIT_CTLS', 'TRUE_ENTRY_CTLS']) delete msrs[k];
  const hostBasic = 0x7fffffffn | (0x1fffn << 32n) | (0xfn << 50n);
  msrs.BASIC = get('FEAT_VMX_BASIC') & ~hostBasic;
  known.BASIC = M64 & ~hostBasic;
  const hostMisc = 0x1fn | (0x7n << 25n);
  msrs.MISC = get('FEAT_VMX_MISC') & ~hostMisc;
  known.MISC = M64 & ~hostMisc;
  const ept = has('FEAT_VMX_SECONDARY_CTLS', 'VMX_SECONDARY_EXEC_ENABLE_EPT');
  const vpid = has('FEAT_VMX_SECONDARY_CTLS', 'VMX_SECONDARY_EXEC_ENABLE_VPID');
  if (ept || vpid) {
    msrs.EPT_VPID_CAP = get('FEAT_VMX_EPT_VPID_CAPS') | (ept ? bit(14) : 0n);
    if (ept) known.EPT_VPID_CAP = M64 & ~bit(8);
  }
  if (has('FEAT_VMX_SECONDARY_CTLS', 'VMX_SECONDARY_EXEC_ENABLE_VMFUNC')) msrs.VMFUNC = get('FEAT_VMX_VMFUNC');
  msrs.CR0_FIXED0 = 0x80000021n;
  msrs.CR0_FIXED1 = 0xffffffffn;
  msrs.CR4_FIXED0 = 0x2000n;
  let cr4 = bit(8); // PCE: always allowed
  let cr4Known = bit(8) | (M64 & ~0xffffffffn); // bits 63:32 reserved: 0
  for (const [b, w, m] of CR4_BY_FEATURE) {
    cr4Known |= bit(b);
    if (has(w, m)) cr4 |= bit(b);
  }
  msrs.CR4_FIXED1 = cr4;
  known.CR4_FIXED1 = cr4Known;
  msrs.VMCS_ENUM = has('FEAT_7_1_EAX', 'CPUID_7_1_EAX_FRED')
    ? 0x52n
    : has('FEAT_VMX_EXIT_CTLS', 'VMX_VM_EXIT_ACTIVATE_SECONDARY_CONTROLS')
      ? 0x44n
      : has('FEAT_VMX_SECONDARY_CTLS', 'VMX_SECONDARY_EXEC_TSC_SCALING')
        ? 0x32n
        : 0x2en;
  const facts = {
    linearWidth: has('FEAT_7_0_ECX', 'CPUID_7_0_ECX_LA57') ? 57 : 48,
    rtm: has('FEAT_7_0_EBX', 'CPUID_7_0_EBX_RTM'),
    sgx: has('FEAT_7_0_EBX', 'CPUID_7_0_EBX_SGX'),
  };
  return { msrs, known, facts, vmxWords: VMX_WORDS.map((w) => get(w)) };
}

const out = [];
for (const def of models) {
  if (!VMX_WORDS.some((w) => (def.features.get(w) ?? 0n) !== 0n) || skip.has(def.name)) continue;
  let prev;
  for (const ver of def.versions) {
    const p = profileOf(def, ver);
    const key = JSON.stringify({ m: p.msrs, f: p.facts }, (_, v) => (typeof v === 'bigint' ? v.toString(16) : v));
    const aliasNames = ver.alias ? [ver.alias] : [];
    if (prev && prev.key === key) {
      prev.entry.versions.push(ver.version);
      prev.entry.aliases.push(`${def.name}-v${ver.version}`.toLowerCase(), ...aliasNames.map((a) => a.toLowerCase()));
      continue;
    }
    const name = ver.version === 1 ? def.name : `${def.name}-v${ver.version}`;
    const entry = {
      name,
      model: def.name,
      versions: [ver.version],
      aliases: ver.version === 1 ? [`${def.name}-v1`.toLowerCase()] : [],
      modelId: def.modelId,
      ...p,
    };
    entry.aliases.push(...aliasNames.map((a) => a.toLowerCase()));
    out.push(entry);
    prev = { key, entry };
  }
}

const hex = (v) => `0x${v.toString(16)}n`;
const lines = [];
lines.push('/**');
lines.push(' * GENERATED by scripts/qemu-profiles.mjs from QEMU\'s target/i386/cpu.c and cpu.h: do not edit.');
lines.push(' * What a nested guest of each QEMU CPU model sees (KVM, `-cpu MODEL,+vmx`, every feature of the');
lines.push(' * model supported by the host), not real silicon. Bits that QEMU takes from the host are unknown');
lines.push(' * (`known`); see the script for how each MSR is built.');
lines.push(' */');
lines.push('');
lines.push('export interface QemuModel {');
lines.push('  /** The profile name after `qemu:` (version 1 has the bare model name) */');
lines.push('  name: string;');
lines.push('  /** The QEMU model and the versions of it that give these values */');
lines.push('  model: string;');
lines.push('  versions: number[];');
lines.push('  aliases: string[];');
lines.push('  modelId: string;');
lines.push('  msrs: Record<string, bigint>;');
lines.push('  known: Record<string, bigint>;');
lines.push('  facts: { linearWidth: 48 | 57; rtm: boolean; sgx: boolean };');
lines.push('}');
lines.push('');
lines.push(`export const QEMU_VERSION = ${JSON.stringify(version)};`);
lines.push(`export const QEMU_SOURCE = ${JSON.stringify(provenance)};`);
lines.push('');
lines.push('export const qemuModels: QemuModel[] = [');
for (const e of out) {
  lines.push('  {');
  lines.push(`    name: ${JSON.stringify(e.name)}, model: ${JSON.stringify(e.model)}, versions: ${JSON.stringify(e.versions)},`);
  lines.push(`    aliases: ${JSON.stringify(e.aliases)},`);
  lines.push(`    modelId: ${JSON.stringify(e.modelId)},`);
  lines.push(`    msrs: { ${Object.entries(e.msrs).map(([k, v]) => `${k}: ${hex(v)}`).join(', ')} },`);
  lines.push(`    known: { ${Object.entries(e.known).map(([k, v]) => `${k}: ${hex(v)}`).join(', ')} },`);
  lines.push(`    facts: ${JSON.stringify(e.facts).replace(/"(\w+)":/g, '$1: ')},`);
  lines.push('  },');
}
lines.push('];');
process.stdout.write(lines.join('\n') + '\n');
process.stderr.write(`${out.length} profiles from ${models.length} models (QEMU ${version})\n`);
