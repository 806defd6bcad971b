#!/usr/bin/env node
// npm run oracle -- --cases N [--model NAME] [--seed S] [--verbose] [--json FILE]
// Differential test of `vmcs check` against Bochs running VMLAUNCH (see oracle/README.md).
import { writeFileSync } from 'node:fs';
import { toolsAvailable } from './lib/bochs.js';
import { runOracle, DEFAULT_MODELS, coverage } from './lib/oracle.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const count = Number(opt('--cases', '200'));
const seed = Number(opt('--seed', '1'));
const model = opt('--model', null);
const verbose = args.includes('--verbose');
const showCoverage = args.includes('--coverage');
const jsonOut = opt('--json', null);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  process.stderr.write('oracle: usage: npm run oracle -- --cases N [--model NAME] [--seed S] [--verbose] [--json FILE]\n');
  process.exit(2);
}
const tools = toolsAvailable();
if (!tools.ok) {
  process.stderr.write(`oracle: ${tools.missing.join(' and ')} not installed (apt-get install -y bochs bochsbios nasm)\n`);
  process.exit(2);
}
const models = model ? model.split(',') : DEFAULT_MODELS;
const t0 = Date.now();
const run = await runOracle({
  models, count, seed,
  onModel: (m) => process.stdout.write(`${m.model}: ${m.agree}/${m.n} agree, ${m.known} known differences, ${m.unexplained} unexplained (${m.runs} Bochs runs, ${m.timeouts} timed out; template: ${m.template}; VMWRITE refuses ${m.unsupported.map((e) => '0x' + e.toString(16)).join(' ') || 'nothing'})\n`),
});
const fmt = (v) => typeof v === 'bigint' ? '0x' + v.toString(16) : v;
for (const r of run.results) {
  if (r.verdict === 'agree' && !verbose) continue;
  if (r.verdict === 'known' && !verbose) continue;
  process.stdout.write(`${r.verdict.toUpperCase()} ${r.model} [${r.case.rule}] ${r.case.name}\n`);
  process.stdout.write(`  bochs: ${r.bochsClass}${r.qualification !== undefined ? ' qual ' + fmt(r.qualification) : ''}  ${r.bochsMessage ?? ''}${r.unmappedWhy ? ' (unmapped: ' + r.unmappedWhy + ')' : ''}\n`);
  process.stdout.write(`  check: ${r.checkClass}  fails ${r.failing.join(' ') || '-'}${r.notEvaluated.length ? '  not evaluated ' + r.notEvaluated.join(' ') : ''}${r.problem ? '  (' + r.problem + (r.known ? ', ' + r.known : '') + ')' : ''}\n`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(run.results.map((r) => ({ model: r.model, rule: r.case.rule, name: r.case.name, verdict: r.verdict, problem: r.problem ?? null, known: r.known ?? null, bochs: r.bochsClass, bochsMessage: r.bochsMessage, check: r.checkClass, failing: r.failing })), null, 1));
if (showCoverage) {
  const cov = coverage(run.results);
  process.stdout.write(`rules Bochs names in a message, failing and passing in agreeing cases:\n`);
  for (const line of cov.lines) process.stdout.write(`  ${line}\n`);
  process.stdout.write(`rules no Bochs message names (${cov.unimplemented.length}): ${cov.unimplemented.join(' ')}\n`);
  process.stdout.write(`of the ${cov.implemented} rules Bochs names: ${cov.both} exercised failing and passing; missing a failing case: ${cov.noFail.join(' ') || '-'}; missing a passing case: ${cov.noPass.join(' ') || '-'}\n`);
}
const n = run.results.length;
const a = run.results.filter((r) => r.verdict === 'agree').length;
const d = run.results.filter((r) => r.verdict === 'known').length;
const u = run.results.filter((r) => r.verdict === 'unexplained').length;
process.stdout.write(`${(run.casesPerSecond).toFixed(0)} cases/s in Bochs; ${((Date.now() - t0) / 1000).toFixed(1)} s in all\n`);
process.stdout.write(`agreement: ${a}/${n} (${d} known differences, ${u} unexplained)\n`);
process.exit(u ? 1 : 0);
