// The comparison: cases -> Bochs (VMLAUNCH) and -> `vmcs check --json --caps` -> verdicts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRom, fitting, runBatch, oracleDir } from './bochs.js';
import { capsView } from './template.js';
import { generator, randomCases } from './generate.js';
import { classifyLog, MESSAGES } from './messages.js';

const root = join(oracleDir, '..');
const dist = await import(join(root, 'dist', 'index.js'));

export const DEFAULT_MODELS = ['corei7_skylake_x', 'corei7_icelake_u', 'tigerlake', 'corei7_haswell_4770', 'broadwell_ult', 'corei7_sandy_bridge_2600k', 'core2_penryn_t9600'];

const WIDTH = { 16: 16n, 32: 32n, 64: 64n, natural: 64n };

/** name -> { encoding, bits } */
function fieldInfo(name) {
  const f = dist.lookupName(name);
  if (!f) throw new Error(`unknown field ${name}`);
  return { encoding: f.encoding, bits: WIDTH[f.width] };
}

export function loadKnownDifferences() {
  return JSON.parse(readFileSync(join(oracleDir, 'known-differences.json'), 'utf8')).differences;
}

/** The MSRs as a `vmcs caps` file: "MSR VALUE" lines and the CPU facts. */
export function capsFile(msrs, facts, caps) {
  const lines = [];
  for (const [i, v] of [...msrs].sort((a, b) => a[0] - b[0])) {
    if (i < 0x480 || i > 0x493) continue;
    // IA32_VMX_PROCBASED_CTLS3 and IA32_VMX_EXIT_CTLS2 exist only when their enabling control may be 1
    if (i === 0x492 && !((caps.proc.may >> 17n) & 1n)) continue;
    if (i === 0x493 && !((caps.exit.may >> 31n) & 1n)) continue;
    lines.push(`0x${i.toString(16)} 0x${v.toString(16).padStart(16, '0')}`);
  }
  for (const k of ['paw', 'la57', 'rtm', 'sgx', 'gp', 'fixed']) if (facts[k] !== undefined) lines.push(`${k} ${facts[k]}`);
  return lines.join('\n') + '\n';
}

/** Probe a model: its capability MSRs, facts and host state, and the fields its VMWRITE refuses. */
export async function probeModel(rom, model) {
  const probe = await runBatch(rom, [], { model });
  if (!probe.ready) throw new Error(`${model}: the guest did not reach VMXON${probe.exception ? ` (${probe.exception})` : ''}`);
  const caps = capsView(probe.msrs);
  const gen = generator(caps, probe.host, probe.facts);
  const pairs = [...gen.base].map(([n, v]) => [fieldInfo(n).encoding, v]);
  const t = await runBatch(rom, [{ id: 0, pairs }], { model });
  const c = t.cases.get(0);
  const unsupported = new Set((c?.writeFails ?? []).map((w) => w.encoding));
  return { model, msrs: probe.msrs, facts: probe.facts, host: probe.host, caps, gen, unsupported, templateResult: c?.result ?? null };
}

function outcomeClass(result, log = []) {
  if (!result) {
    // A VMX abort after a failed entry (the case's VM-exit MSR-load area could not be loaded,
    // SDM 27.8 and 28.7): the entry failed as the first check message says.
    if (log.some((l) => /VMABORT/.test(l))) {
      if (log.some((l) => /VMENTER FAIL|PDPTRs Checks Failed/.test(l))) return 'exit-33';
      if (log.some((l) => /Error when loading guest MSR/.test(l))) return 'exit-34';
    }
    // Bochs passed every check, loaded the MSRs and then panicked injecting an event type it
    // does not implement (VMenterInjectEvents runs after all checks): the entry passed.
    // More generally: a panic during VMLAUNCH with no failed check named (e.g. "change_cpu_mode:
    // EFER.LMA is set when CR0.PE=0" after Bochs skipped a guest-state check) means its checks passed.
    if (log.some((l) => /PANIC/.test(l)) && !log.some((l) => /VMFAIL|VMENTER FAIL|PDPTRs Checks Failed|LoadMSRs|VMABORT/.test(l))) return 'pass';
    return 'crash';
  }
  if (result.kind === 'vmfail-invalid') return 'vmfail-invalid';
  if (result.kind === 'vmfail') return `vmfail-${result.error}`;
  if (result.kind === 'hang') return 'pass';
  if (result.reason & 0x80000000) return `exit-${result.reason & 0xffff}`;
  return 'pass';
}

/** Pairs for Bochs and the dump text for check, from the same values (truncated to field width). */
function materialize(c, unsupported) {
  const pairs = [];
  const lines = [];
  for (const [name, v] of c.fields) {
    const { encoding, bits } = fieldInfo(name);
    if (unsupported.has(encoding)) continue;
    const val = BigInt.asUintN(Number(bits), v);
    pairs.push([encoding, val]);
    lines.push(`0x${encoding.toString(16).padStart(8, '0')} = 0x${val.toString(16)}`);
  }
  return { pairs, text: lines.join('\n') + '\n' };
}

/** The memory a case writes, as `vmcs check --memory` reads it ("ADDRESS QWORD" lines). */
export function memoryText(mem) {
  return mem.map(([a, v]) => `0x${a.toString(16)} 0x${BigInt.asUintN(64, v).toString(16)}`).join('\n') + '\n';
}

/**
 * Run the check CLI over many dumps at once: one run per group of cases that share their
 * memory writes and host (the memory the harness wrote goes to --memory; a 32-bit host is
 * --cpu lma=0). Returns check's result for each text, in order.
 */
function runCheck(dir, capsPath, texts, cases) {
  const out = new Array(texts.length);
  const groups = new Map();
  texts.forEach((t, i) => {
    const c = cases[i];
    const key = `${c.host32 ? 1 : 0}|${memoryText(c.mem ?? [])}`;
    if (!groups.has(key)) groups.set(key, { host32: !!c.host32, mem: c.mem ?? [], idx: [] });
    groups.get(key).idx.push(i);
  });
  let g = 0;
  for (const { host32, mem, idx } of groups.values()) {
    const memArgs = [];
    if (mem.length) {
      const mp = join(dir, `mem-${g}.txt`);
      writeFileSync(mp, memoryText(mem));
      memArgs.push('--memory', mp);
    }
    g++;
    const files = idx.map((i) => {
      const p = join(dir, `case-${i}.txt`);
      writeFileSync(p, texts[i]);
      return p;
    });
    for (let k = 0; k < files.length; k += 400) {
      const chunk = files.slice(k, k + 400);
      const r = spawnSync(process.execPath, [join(root, 'bin', 'vmcs.js'), 'check', '--json', '--caps', capsPath, '--cpu', `lma=${host32 ? 0 : 1},smm=0,x2apic=0`, ...memArgs, ...chunk], { encoding: 'utf8', maxBuffer: 1 << 30 });
      if (r.status !== 0 && r.status !== 1) throw new Error(`vmcs check exited ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
      const j = JSON.parse(r.stdout);
      j.dumps.forEach((d, n) => { out[idx[k + n]] = d; });
    }
  }
  return out;
}

/**
 * Compare one case. Returns { verdict: 'agree'|'known'|'unexplained', ... }.
 */
const ORDER = ['vmfail-7', 'vmfail-8', 'exit-33', 'exit-34'];

/** Does Bochs's outcome agree with these failing rules of check? Returns the problem or null. */
function disagreement(bochs, bochsClass, log, failing, ruleQual) {
  const predicted = ORDER.find((k) => failing.some((id) => dist.ruleById(id)?.failure === k)) ?? 'pass';
  if (bochsClass !== predicted) return 'class';
  if (bochsClass !== 'pass' && log.rules && !log.rules.some((r) => failing.includes(r))) return 'rule';
  if (bochsClass === 'exit-33' && bochs?.result?.kind === 'exit') {
    const quals = new Set(failing.filter((id) => dist.ruleById(id)?.failure === 'exit-33').map((id) => BigInt(ruleQual.get(id) ?? 0)));
    if (quals.size && !quals.has(bochs.result.qualification)) return 'qualification';
  }
  return null;
}

/**
 * Compare one case. Returns { verdict: 'agree'|'known'|'unexplained', ... }.
 */
export function compare(c, bochs, check, known, ruleQual, model) {
  const bochsClass = outcomeClass(bochs?.result, bochs?.log ?? []);
  const failing = check.results.filter((r) => r.status === 'fail').map((r) => r.id);
  const notEvaluated = check.results.filter((r) => r.status === 'not-evaluated').map((r) => r.id);
  const checkClass = check.predicted ?? 'pass';
  const log = classifyLog(bochs?.log ?? []);
  const info = { model, case: c, bochsClass, checkClass, failing, notEvaluated, bochsMessage: log.message, bochsRules: log.rules, unmappedWhy: log.unmapped, qualification: bochs?.result?.qualification };
  const problem = disagreement(bochs, bochsClass, log, failing, ruleQual);
  if (!problem) return { verdict: 'agree', ...info };
  // Bochs failed a rule that check did not evaluate (its input is not in a dump: guest memory,
  // the current-VMCS pointer, a model-specific answer): nothing to compare.
  if (bochsClass !== 'pass' && log.rules && log.rules.some((r) => notEvaluated.includes(r)) && !log.rules.some((r) => failing.includes(r))) {
    return { verdict: 'known', problem, known: 'not-evaluated', ...info };
  }
  const applies = known.filter((d) => conditionsHold(d, info));
  // Bochs adds a check the SDM does not have (or is stricter): its first failure is that one.
  const adds = applies.find((d) => d.kind === 'adds' && log.message && new RegExp(d.bochsMessage).test(log.message));
  if (adds) return { verdict: 'known', problem, known: adds.id, ...info };
  // Bochs omits checks: without those rules, does check's prediction agree?
  const omits = applies.filter((d) => d.kind === 'omits' && d.rules.some((r) => failing.includes(r)));
  if (omits.length) {
    const dropped = new Set(omits.flatMap((d) => d.rules));
    if (!disagreement(bochs, bochsClass, log, failing.filter((id) => !dropped.has(id)), ruleQual)) {
      return { verdict: 'known', problem, known: omits.map((d) => d.id).join('+'), ...info };
    }
  }
  return { verdict: 'unexplained', problem, ...info };
}

/** models: the Bochs models it applies to; when: the case's fields, every {field, mask, equals} (or anyOf such) holds. */
function conditionsHold(d, info) {
  if (d.models && !d.models.includes(info.model)) return false;
  const test = (w) => {
    const v = info.case.fields.get(w.field);
    if (v === undefined) return false;
    const masked = v & BigInt(w.mask ?? '0xffffffffffffffff');
    return w.equals !== undefined ? masked === BigInt(w.equals) : masked !== 0n;
  };
  for (const w of d.when ?? []) {
    if (w.anyOf ? !w.anyOf.some(test) : !test(w)) return false;
  }
  return true;
}

/**
 * The whole run: for each model, `count` cases (all single-rule cases first, then random
 * ones), compared. `select(cases)` may pick a fixed subset instead.
 */
export async function runOracle({ models = DEFAULT_MODELS, count = 2000, seed = 1, select = null, onModel = () => {} } = {}) {
  const rom = buildRom();
  const known = loadKnownDifferences();
  const ruleQual = new Map(dist.rules.map((r) => [r.id, r.qualification ?? 0]));
  const results = [];
  const perModel = [];
  let bochsMs = 0;
  let bochsCases = 0;
  const dir = mkdtempSync(join(tmpdir(), 'vmcs-oracle-check-'));
  try {
    for (let mi = 0; mi < models.length; mi++) {
      const model = models[mi];
      const want = Math.floor(count / models.length) + (mi < count % models.length ? 1 : 0);
      if (want === 0) continue;
      const p = await probeModel(rom, model);
      let cases = p.gen.cases;
      if (select) cases = select(cases, model);
      else if (cases.length >= want) cases = spread(cases, want);
      else cases = [...cases, ...randomCases(p.gen, want - cases.length, seed * 1000 + mi)];
      const mats = cases.map((c) => materialize(c, p.unsupported));
      // Bochs, in batches that fit the ROM; a case that crashed the run is reported alone
      const bochsOut = new Array(cases.length).fill(null);
      let next = 0;
      let runs = 0;
      let timeouts = 0;
      const t0 = Date.now();
      while (next < cases.length) {
        const items = cases.slice(next).map((c, i) => ({ id: next + i, pairs: mats[next + i].pairs, mem: c.mem, host32: !!c.host32 }));
        const n = Math.min(fitting(items), 400);
        const batch = items.slice(0, n);
        const r = await runBatch(rom, batch, { model, timeoutMs: 10000 + 20 * batch.length });
        runs++;
        if (r.timedOut) timeouts++;
        let done = 0;
        for (const b of batch) {
          const got = r.cases.get(b.id);
          if (!got || !got.result) {
            // Entered and never exited (wait-for-SIPI has no VMX-preemption timer): a successful
            // entry, since a failed one reports at once. Anything else stopped Bochs: a crash.
            // A VMX abort on the VM exit after a successful entry (the case's VM-exit MSR areas
            // could not be used) leaves the CPU in the shutdown state: the entry itself passed.
            const failed = got?.log.some((l) => /VMFAIL|VMENTER FAIL|PDPTRs Checks Failed|Error when loading guest MSR/.test(l));
            // A VM exit reached the host entry point, and Bochs named no failed check: the guest
            // entered and ran (it may have broken the shared memory the host needs afterwards).
            const ranAndExited = got?.exited && !failed;
            const hung = ranAndExited || (got && r.timedOut && !failed && !got.log.some((l) => /PANIC/.test(l)));
            if (process.env.ORACLE_DEBUG) process.stderr.write(`${model} case ${b.id} ${hung ? 'hung' : 'stopped Bochs'}: [${cases[b.id].rule}] ${cases[b.id].name}\n${r.raw.split('\n').slice(-6).join('\n')}\n`);
            bochsOut[b.id] = { ...(got ?? { log: [], writeFails: [] }), result: hung ? { kind: 'hang' } : null, crash: r.exception ?? (r.timedOut ? 'timeout' : 'no result') };
            done++;
            break;
          }
          bochsOut[b.id] = got;
          done++;
        }
        next += done;
      }
      bochsMs += Date.now() - t0;
      bochsCases += cases.length;
      // drop fields whose VMWRITE failed in this case too (the check must see what Bochs saw)
      const texts = cases.map((c, i) => {
        const fails = new Set((bochsOut[i]?.writeFails ?? []).map((w) => w.encoding));
        if (!fails.size) return mats[i].text;
        return mats[i].text.split('\n').filter((l) => !l || !fails.has(parseInt(l.slice(0, 10), 16))).join('\n');
      });
      const capsPath = join(dir, `${model}.caps`);
      writeFileSync(capsPath, capsFile(p.msrs, p.facts, p.caps));
      const checks = runCheck(dir, capsPath, texts, cases);
      const verdicts = cases.map((c, i) => ({ model, ...compare(c, bochsOut[i], checks[i], known, ruleQual, model), text: texts[i] }));
      // A case judged to hang (a second without output in a batch) that then disagrees is run
      // again alone with a longer wait: on a loaded machine Bochs may stall that long.
      for (let i = 0; i < cases.length; i++) {
        if (verdicts[i].verdict !== 'unexplained' || !(bochsOut[i]?.result?.kind === 'hang' || bochsOut[i]?.crash === 'timeout')) continue;
        const r = await runBatch(rom, [{ id: i, pairs: mats[i].pairs, mem: cases[i].mem, host32: !!cases[i].host32 }], { model, idleMs: 5000, timeoutMs: 30000 });
        runs++;
        const got = r.cases.get(i);
        if (!got?.result) continue;
        bochsOut[i] = got;
        verdicts[i] = { model, ...compare(cases[i], got, checks[i], known, ruleQual, model), text: texts[i], rerun: true };
      }
      results.push(...verdicts);
      const m = { model, n: cases.length, runs, timeouts, agree: 0, known: 0, unexplained: 0, template: outcomeClass(p.templateResult), unsupported: [...p.unsupported] };
      for (const v of verdicts) m[v.verdict]++;
      perModel.push(m);
      onModel(m, p);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { results, perModel, casesPerSecond: bochsCases / (bochsMs / 1000 || 1) };
}

/** n cases spread evenly over the list, first and last included. */
function spread(cases, n) {
  if (n >= cases.length) return cases;
  const out = [];
  for (let i = 0; i < n; i++) out.push(cases[Math.floor((i * cases.length) / n)]);
  return out;
}

/**
 * Which rules the agreeing cases exercised: failing (check fails the rule and Bochs failed with
 * a message naming it) and passing (a case made for the rule that both accepted or where check
 * passed the rule). Restricted to the rules some Bochs message names.
 */
export function coverage(results) {
  const named = new Set(MESSAGES.flatMap(([, rules]) => rules));
  const failed = new Map();
  const passed = new Map();
  for (const r of results) {
    if (r.verdict !== 'agree') continue;
    if (r.bochsRules) for (const id of r.bochsRules) if (r.failing.includes(id)) failed.set(id, (failed.get(id) ?? 0) + 1);
    const id = r.case.rule;
    if (!r.failing.includes(id) && !r.notEvaluated.includes(id)) passed.set(id, (passed.get(id) ?? 0) + 1);
  }
  const ids = dist.rules.map((x) => x.id);
  const implemented = ids.filter((id) => named.has(id));
  return {
    implemented: implemented.length,
    unimplemented: ids.filter((id) => !named.has(id)),
    both: implemented.filter((id) => failed.has(id) && passed.has(id)).length,
    noFail: implemented.filter((id) => !failed.has(id)),
    noPass: implemented.filter((id) => !passed.has(id)),
    lines: implemented.map((id) => `${id.padEnd(6)} fail ${String(failed.get(id) ?? 0).padStart(4)}  pass ${String(passed.get(id) ?? 0).padStart(4)}`),
  };
}
