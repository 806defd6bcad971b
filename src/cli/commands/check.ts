/**
 * `vmcs check [FILE...]`: the VM-entry checks a dump fails. No import of commander here (options
 * are made with the program's createOption): main.ts runs plain check without it.
 */
import type { Registry } from '../program.js';
import { EXIT_INVALID, EXIT_NOTHING, EXIT_OK, EXIT_USAGE, feed, readError, readFileBounded, type CommonOptions, type Ctx } from '../io.js';
import { safeText } from '../../render/messages.js';
import { loadCaps, readLayout } from '../load.js';
import { fitter } from '../width.js';

export interface CheckCliOptions extends CommonOptions {
  caps?: string;
  cpu?: string;
  memory?: string;
  verbose?: boolean;
  list?: boolean;
  applyFixes?: boolean;
  format: import('../../annotate/index.js').FormatOption;
  layout?: string;
  ndjson?: boolean;
  only?: RuleStatus[];
  failuresOnly?: boolean;
}

type RuleStatus = 'fail' | 'pass' | 'not-evaluated';
/** Dumps checked in this thread before worker threads take over (JSON output only). */
const POOL_AFTER = 64;
const STATUSES: RuleStatus[] = ['fail', 'pass', 'not-evaluated'];

/**
 * commander's InvalidArgumentError as commander tells it (code 'commander.invalidArgument', exit
 * code 1: reported as an invalid option value): this module imports nothing from commander, as
 * main.ts runs plain check without loading it.
 */
class InvalidArgumentError extends Error {
  readonly code = 'commander.invalidArgument';
  readonly exitCode = 1;
}

function parseOnly(v: string): RuleStatus[] {
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.find((s) => !(STATUSES as string[]).includes(s));
  if (bad !== undefined || list.length === 0) throw new InvalidArgumentError(`a comma-separated list of ${STATUSES.join(', ')}${bad !== undefined ? ` (not '${bad}')` : ''}`);
  return list as RuleStatus[];
}

const EXAMPLES = `
Reads every input annotate reads. Rules that need the CPU's capability MSRs (--caps), a CPU
fact (--cpu) or memory the dump does not hold (--memory) are "not evaluated", never passed.

Examples:
  $ dmesg | vmcs check                               which VM-entry check failed?
  $ vmcs check --caps i7-9750h dump.txt              with a built-in CPU profile
  $ vmcs check --caps msrs.txt --cpu paw=46 dump.txt MSR values from rdmsr, vmxcap or VBox.log
  $ vmcs check --caps msrs.txt --memory mem.txt dump.txt  with the memory the VMCS points at
  $ vmcs check --verbose dump.txt                    also list passed and not-evaluated rules
  $ vmcs check --json dump.txt | jq '.dumps[].results[] | select(.status=="fail")'
  $ vmcs check --ndjson --failures-only huge.log | jq 'select(.type=="dump" and .counts.fail > 0)'
  $ vmcs check --only fail,not-evaluated dump.txt    the failures and what could not be evaluated
  $ vmcs check --list                                every rule: ID, SDM section, failure
  $ vmcs check --apply-fixes dump.txt > fixed.txt     the dump with the suggested fixes applied
  $ vmcs check --apply-fixes --json dump.txt | jq '.dumps[].changed'   what the fixes changed`;

export function register(r: Registry): void {
  const cmd = r.common(
    r.program
      .command('check')
      .description('name the VM-entry checks (SDM §28.2-28.4) a VMCS dump fails')
      .argument('[files...]', 'dump files; "-" or nothing for standard input')
      .option('--caps <source>', 'capability MSRs: a built-in CPU profile, local (this CPU, root), an rdmsr-style file, vmxcap output or a VirtualBox log')
      .option('--cpu <facts>', 'CPU facts and processor state, KEY=VALUE,...: paw=39 la57=0 rtm=0 sgx=1 lam=0 gp=4 fixed=3 lma=1 smm=0 x2apic=0')
      .option('--memory <file>', 'physical memory the checks read (VTPR, the link-pointer VMCS, PDPTEs, MSR-load entries): "ADDRESS QWORD..." lines, hex')
      .option('--verbose', 'also list the rules that passed and those not evaluated (with what they need)')
      .option('--list', 'list every rule (ID, SDM section, failure) and exit')
      .option('--apply-fixes', 'write each dump with the suggested fixes applied (a dump check reads), instead of the report; with --json or --ndjson, the repaired state, what changed and which changes depend on intent')
      .addOption(r.program.createOption('--format <format>', 'input format, as for annotate').choices(['auto', 'pairs', 'kvm', 'xen', 'haxm', 'hvext', 'bhyve', 'kvm-exit', 'vbox', 'qemu', 'noirvisor', 'jonomango-hv', 'bareflank', 'hyperbone', 'vdhh', 'json']).default('auto'))
      .option('--layout <file>', 'layout profile (JSON) for hardware VMCS pages')
      .option('--ndjson', 'print one JSON object per dump as soon as it is checked, then one summary object (JSON Lines)')
      .option('--only <statuses>', 'keep only rule results of these statuses: fail, pass, not-evaluated (comma-separated); human output always shows failures', parseOnly)
      .option('--failures-only', 'keep only the failing rules (--only fail): in JSON, results holds the failures alone')
      .addHelpText('after', EXAMPLES),
  );
  r.quiet(cmd, 'the exit status says whether a check fails');
  cmd.action(async (files: string[], o: CheckCliOptions) => {
    r.setCode(await checkCommand(files.length ? files : ['-'], o, r.ctx));
  });
}

export async function checkCommand(files: string[], o: CheckCliOptions, ctx: Ctx): Promise<number> {
  const { io, out } = ctx;
  const { c, e } = await ctx.styles(o);
  const fit = await fitter(o, io);
  if (files.filter((f) => f === '-').length > 1) {
    io.stderr.write(`vmcs check: ${e.error('error')}: standard input ("-") can be given only once\n`);
    return EXIT_USAGE;
  }
  const render = await import('../../render/check.js');
  if (o.list) {
    const { rules } = await import('../../check/rules/index.js');
    if (o.json) out.write(JSON.stringify(rules.map((r) => ({ schema: 'vmcs/check-rules/v1', id: r.id, section: r.section, group: r.group, title: r.title, failure: r.failure, failureText: render.failureText(r), ...(r.decision ? { decision: r.decision } : {}) })), null, 2) + '\n');
    else for (const r of rules) out.write(fit(`${c.name(r.id.padEnd(5))}  ${c.note(r.section.padEnd(8))}  ${r.failure.padEnd(8)}  ${r.title}\n`));
    out.flush();
    return EXIT_OK;
  }
  let caps: import('../../caps/types.js').Caps | undefined;
  if (o.caps === '-' && files.includes('-')) {
    io.stderr.write(`vmcs check: ${e.error('error')}: --caps - reads standard input, so give the dump as a file\n`);
    return EXIT_USAGE;
  }
  if (o.caps !== undefined) {
    const loaded = await loadCaps(o.caps, 'check', e, io);
    if (!loaded) return EXIT_USAGE;
    caps = loaded;
  }
  let facts: import('../../caps/types.js').CpuFacts | undefined;
  if (o.cpu !== undefined) {
    const { parseFacts } = await import('../../caps/facts.js');
    const r = parseFacts(o.cpu);
    if ('error' in r) {
      io.stderr.write(`vmcs check: ${e.error('error')}: --cpu ${safeText(r.error)}\n`);
      return EXIT_USAGE;
    }
    facts = r.facts;
  }
  let memory: import('../../check/memory.js').Memory | undefined;
  if (o.memory !== undefined) {
    const { parseMemory } = await import('../../check/memory.js');
    let text: string;
    try {
      text = await readFileBounded(o.memory, 16 * 1024 * 1024);
    } catch (err) {
      io.stderr.write(`vmcs check: ${e.error('error')}: cannot read memory '${safeText(o.memory)}': ${readError(err)}\n`);
      return EXIT_USAGE;
    }
    const r = parseMemory(text);
    if ('error' in r) {
      io.stderr.write(`vmcs check: ${e.error('error')}: memory '${safeText(o.memory)}': ${safeText(r.error)}\n`);
      return EXIT_USAGE;
    }
    memory = r.memory;
  }
  let profile: import('../../regions/types.js').LayoutProfile | undefined;
  if (o.layout !== undefined) {
    const p = await readLayout(o.layout, 'check', e, io);
    if (!p) return EXIT_USAGE;
    profile = p;
  }
  const { Annotator } = await import('../../annotate/index.js');
  const { checkDump } = await import('../../check/check.js');
  const { diagnosticLine, unknownTokensSummary } = await import('../../render/human.js');
  let index = 0;
  let failed = false;
  let unreadable = false;
  let noFields = false;
  // unknownReported/unknownSkipped: the unknown-token counts of annotate's summary, for the same input
  const totals = { dumps: 0, pass: 0, fail: 0, notEvaluated: 0, unknownReported: 0, unknownSkipped: 0 };
  const globalDiags: Record<string, unknown>[] = [];
  if (o.failuresOnly && o.only && (o.only.length !== 1 || o.only[0] !== 'fail')) {
    io.stderr.write(`vmcs check: ${e.error('error')}: --failures-only is --only fail; give one of them\n`);
    return EXIT_USAGE;
  }
  const only: Set<RuleStatus> | null = o.failuresOnly ? new Set(['fail']) : o.only ? new Set(o.only) : null;
  const ndjson = o.ndjson === true;
  const json = o.json || ndjson ? await import('../../render/json.js') : null;
  const fixer = o.applyFixes ? { ...(await import('../../check/repair.js')), ...(await import('../../render/repair.js')) } : null;
  if (json && !ndjson) out.write(fixer ? '{"schema":"vmcs/check-fixes/v1","dumps":[' : '{"schema":"vmcs/check/v1","dumps":[');
  const fixTotals = { dumps: 0, changed: 0, dependOnIntent: 0, remaining: 0 };
  let inputErrors = 0;
  /** Input errors on no dump (a line before or between dumps): a dump's "No rule fails" does not cover them. */
  let outsideErrors = 0;
  // Long inputs in JSON: the rules run in worker threads (./pool.ts) while this thread reads
  // on; the texts come back in order. Started only past POOL_AFTER dumps, so that a short input
  // never pays for starting a worker.
  let pool: import('../pool.js').OrderedPool<import('../check-worker.js').CheckBatch, import('../check-worker.js').CheckDone> | null = null;
  // (pool.js, and worker_threads with it, is loaded only when VMCS_WORKERS asks for workers)
  let poolSize = json && !fixer && io.env.VMCS_WORKERS !== undefined ? (await import('../pool.js')).OrderedPool.size(io.env) : 0;
  let batch: import('../check-worker.js').BatchBuilder | null = null;
  let worker: typeof import('../check-worker.js') | null = null;
  const startPool = async (): Promise<void> => {
    const { OrderedPool } = await import('../pool.js');
    worker = await import('../check-worker.js');
    batch = new worker.BatchBuilder();
    // Standard output to a file: the workers write their text there themselves, in turn (after
    // what this thread wrote), and this thread only reads; else the text comes back as bytes.
    const fd = out.fileFd();
    const turn = fd !== null ? new SharedArrayBuffer(12) : null;
    out.flush();
    const setup: import('../check-worker.js').WorkerSetup = { caps, facts, memory, only: only ? [...only] : null, ndjson, fd, turn };
    try {
      pool = new OrderedPool(new URL('../check-worker.js', import.meta.url), setup, poolSize, (r) => {
        for (const b of r.bytes) out.write(b);
        totals.dumps += r.dumps;
        totals.pass += r.pass;
        totals.fail += r.fail;
        totals.notEvaluated += r.notEvaluated;
        if (r.fail > 0) failed = true;
      });
      if (turn) {
        const t = new Int32Array(turn);
        pool.onStop = () => {
          Atomics.store(t, 2, 1);
          Atomics.notify(t, 0);
        };
      }
    } catch {
      poolSize = 0; // no worker threads here: this thread does it all
    }
  };
  const emit = (dumps: import('../../annotate/index.js').Dump[]): void | Promise<void> => {
    if (poolSize > 0 && pool === null && index + dumps.length >= POOL_AFTER) return startPool().then(() => emit(dumps));
    for (const dump of dumps) {
      // A dump's own diagnostics, as annotate reports them (stderr; in JSON, on the dump).
      inputErrors += dump.diagnostics.filter((d) => d.severity === 'error').length;
      // a dump of no field is checked only for what it records: KVM's failed nested consistency check
      if (dump.fields.length === 0 && !dump.notes?.some((n) => n.label === 'kvm_nested_vmenter_failed')) {
        if (!json && dump.diagnostics.length) {
          out.flush();
          for (const x of dump.diagnostics) io.stderr.write(diagnosticLine(e, x, dump.source) + '\n');
        }
        continue;
      }
      index++;
      if (fixer) {
        const values = new Map(dump.fields.filter((f) => f.name !== null).map((f) => [f.encoding, f.value] as const));
        const r = fixer.repairState(values, { ...(caps ? { caps } : {}), ...(facts ? { facts } : {}), ...(memory ? { memory } : {}) });
        if (json) {
          const rec = { ...fixer.jsonRepaired(r, dump, index), diagnostics: dump.diagnostics.map((d) => json.jsonDiagnostic(d, dump.source)) };
          if (ndjson) out.write(JSON.stringify({ schema: 'vmcs/check-fixes-record/v1', type: 'dump', ...rec }) + '\n');
          else out.write((index > 1 ? ',\n' : '\n') + JSON.stringify(rec));
        } else {
          if (dump.diagnostics.length) {
            out.flush();
            for (const d of dump.diagnostics) io.stderr.write(diagnosticLine(e, d, dump.source) + '\n');
          }
          out.write(fixer.renderRepaired(r, `${dump.source ?? 'standard input'}, number ${index}`));
        }
        totals.dumps++;
        fixTotals.dumps++;
        fixTotals.changed += r.applied.length;
        fixTotals.dependOnIntent += r.applied.filter((a) => a.fix.dependsOnIntent !== undefined).length;
        fixTotals.remaining += r.remaining.length;
        if (r.remaining.length) failed = true;
        continue;
      }
      if (pool) {
        batch!.add(dump, index);
        continue;
      }
      const report = checkDump(dump, { ...(caps ? { caps } : {}), ...(facts ? { facts } : {}), ...(memory ? { memory } : {}) });
      totals.dumps++;
      totals.pass += report.counts.pass;
      totals.fail += report.counts.fail;
      totals.notEvaluated += report.counts.notEvaluated;
      if (report.counts.fail > 0) failed = true;
      // --only: the JSON keeps those results; human output keeps the failures and lists the others asked for
      const shown = only ? { ...report, results: report.results.filter((r) => only.has(r.status) || (!json && r.status === 'fail')) } : report;
      const x = { dump, index, report: shown };
      if (json) for (const piece of render.jsonCheckChunks(x, ndjson)) out.write(piece);
      else {
        if (dump.diagnostics.length) {
          out.flush();
          for (const d of dump.diagnostics) io.stderr.write(diagnosticLine(e, d, dump.source) + '\n');
        }
        out.write(fit(render.renderCheck(c, x, caps, o.verbose === true || (only !== null && (only.has('pass') || only.has('not-evaluated'))))));
      }
    }
    out.flush();
    const p = pool as import('../pool.js').OrderedPool<import('../check-worker.js').CheckBatch, import('../check-worker.js').CheckDone> | null;
    if (p && batch && batch.size > 0) {
      p.submit(...batch.take());
      return p.room();
    }
  };
  for (const file of files) {
    const source = file === '-' ? '<stdin>' : file;
    const a = new Annotator({ source, format: o.format, bits: false, ...(profile ? { profile } : {}) });
    // what the workers write comes before this thread's messages (standard error may be the same file)
    if (file === '-' && pool) await (pool as import('../pool.js').OrderedPool<unknown, unknown>).settle();
    // (dumps are checked as they complete, during feed too: the count before it says whether this input gave any)
    const before = index;
    const why = await feed(file, 'check', a, emit, ctx);
    if (why !== null) {
      if (pool) await (pool as import('../pool.js').OrderedPool<unknown, unknown>).settle();
      out.flush();
      io.stderr.write(`vmcs check: ${e.error('error')}: cannot read '${safeText(file)}': ${why}\n`);
      if (json) globalDiags.push({ source, severity: 'error', code: 'unreadable', message: `cannot read '${safeText(file)}': ${why}` });
      unreadable = true;
      continue;
    }
    await emit(a.end());
    totals.unknownReported += a.summary.unknownReported;
    totals.unknownSkipped += a.summary.unknownSkipped;
    const diags = [...a.diagnostics];
    const outside = diags.filter((d) => d.severity === 'error' && d.code !== 'no-fields').length;
    inputErrors += outside;
    outsideErrors += outside;
    for (const d of diags) {
      if (json) globalDiags.push(json.jsonDiagnostic(d, source));
      else {
        out.flush();
        io.stderr.write(diagnosticLine(e, d, source) + '\n');
      }
    }
    if (index === before && a.summary.fields === 0) {
      // annotate's no-fields diagnostic has said so already
      if (!diags.some((d) => d.code === 'no-fields')) {
        out.flush();
        const what = a.summary.dumps > 0 ? 'its dumps hold no VMCS field to check (only values that are not fields)' : 'no VMCS dump found';
        if (!json) io.stderr.write(`vmcs check: ${e.error('error')}: ${safeText(source)}: ${what}\n`);
        else globalDiags.push({ source, severity: 'error', code: 'no-fields', message: `${source}: ${what}` });
      }
      noFields = true;
    }
  }
  if (pool) await (pool as import('../pool.js').OrderedPool<unknown, unknown>).drain();
  const capsJson = JSON.stringify(caps ? { source: caps.source, ...(caps.cpu ? { cpu: caps.cpu } : {}) } : null);
  if (fixer) {
    // the unknown-token counts of annotate's and check's summaries; in human output a comment line
    // after the repaired dumps (what annotate and check read back skip it)
    const summary = JSON.stringify({ ...fixTotals, unknownReported: totals.unknownReported, unknownSkipped: totals.unknownSkipped });
    if (ndjson) out.write(`{"schema":"vmcs/check-fixes-record/v1","type":"summary","caps":${capsJson},"diagnostics":${JSON.stringify(globalDiags)},"summary":${summary}}\n`);
    else if (json) out.write(`\n],"caps":${capsJson},"diagnostics":${JSON.stringify(globalDiags)},"summary":${summary}}\n`);
    else {
      const tokens = unknownTokensSummary(totals.unknownReported, totals.unknownSkipped);
      if (tokens) out.write(`# ${tokens}\n`);
    }
    out.flush();
    return unreadable ? EXIT_USAGE : failed ? EXIT_INVALID : EXIT_OK;
  }
  // 2 unreadable file; 3 no VMCS field (as annotate), or no rule could be evaluated; 1 a rule
  // fails, or the input holds errors (annotate gives 1 for them too); 0 rules evaluated, none fails.
  // An input whose dumps hold notes alone (`KVM internal error. Suberror: 1`, a trace line of
  // KVM's own check) has no VMCS field either: 3, as annotate says, unless a rule fails by what
  // the dump records.
  let code: number;
  if (unreadable) code = EXIT_USAGE;
  else if (noFields && (totals.dumps === 0 || (!failed && inputErrors === 0 && totals.pass + totals.fail === 0))) code = EXIT_NOTHING;
  else if (failed || inputErrors > 0 || noFields) code = EXIT_INVALID;
  else if (totals.pass + totals.fail === 0) {
    code = EXIT_NOTHING;
    const what = 'nothing could be checked: no rule can be evaluated with the fields the input holds';
    if (json) globalDiags.push({ severity: 'error', code: 'nothing-evaluated', message: what });
    else {
      out.flush();
      io.stderr.write(`vmcs check: ${e.error('error')}: ${what}\n`);
    }
  } else code = EXIT_OK;
  if (ndjson) out.write(`{"schema":"vmcs/check-record/v1","type":"summary","caps":${capsJson},"diagnostics":${JSON.stringify(globalDiags)},"summary":${JSON.stringify(totals)}}\n`);
  else if (json) out.write(`\n],"caps":${capsJson},"diagnostics":${JSON.stringify(globalDiags)},"summary":${JSON.stringify(totals)}}\n`);
  else {
    // (a line after one dump's report only when there are unknown tokens to count, as annotate's summary counts them)
    const tokens = unknownTokensSummary(totals.unknownReported, totals.unknownSkipped);
    const line = [totals.dumps > 1 ? `${totals.dumps} dumps: ${totals.fail} failure${totals.fail === 1 ? '' : 's'}, ${totals.pass} passed, ${totals.notEvaluated} not evaluated` : '', tokens].filter(Boolean).join(', ');
    if (line) out.write(fit(line + '\n'));
    // a dump's "No rule fails" is about its own lines: errors outside every dump are said once more here
    if (outsideErrors > 0 && !failed && totals.pass > 0)
      out.write(fit(`${c.bad(`No rule fails in the dumps, but ${outsideErrors} input error${outsideErrors === 1 ? '' : 's'} outside them (see the errors): the result may be incomplete.`)}\n`));
  }
  out.flush();
  return code;
}

