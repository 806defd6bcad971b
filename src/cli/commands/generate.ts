/**
 * `vmcs generate TARGET`: wires the arguments to the library (src/generate), writes the
 * text to standard output or -o FILE and the notes to standard error.
 * Exit codes: 0 written; 2 unknown target, name set or part, or the file cannot be written.
 */
import { writeFileSync } from 'node:fs';

export interface GenerateCliOptions {
  names?: string;
  only?: string;
  output?: string;
}

interface GenerateIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export const GENERATE_HELP = `
Targets: c (header, also C++), rust (x86::vmx::vmcs-style modules), go, python (IntEnum), zig,
typescript, ida (IDAPython), ghidra (GhidraScript, Jython or PyGhidra), binja (Binary Ninja),
windbg (hvext-style VMCS_ENCODINGS array).
Names (--names): vmcs (default: the canonical names, Linux's where Linux has the field), sdm
(made from the SDM titles), linux, xen, bochs, ia32-doc, rust-x86, virtualbox, tdx-module, acrn,
haxm, hvpp, kvm-unit-tests, freebsd. A field the project does not name keeps the canonical name,
with a comment saying so. Parts (--only, comma-separated): fields, bits, exit-reasons, errors.
Output is deterministic (no timestamps): commit it and diff it when vmcs updates.
Exit codes: 0 written; 2 unknown target, name set or part, or a file that cannot be written.

Examples:
  $ vmcs generate c -o vmcs_fields.h                  enum vmcs_field, exit reasons, bit masks
  $ vmcs generate rust --names rust-x86 -o vmcs.rs    drop-in for x86::vmx::vmcs (control::VPID ...)
  $ vmcs generate python --only fields,exit-reasons   IntEnums only
  $ vmcs generate c --names xen --only fields         Xen's identifiers
  $ vmcs generate ida -o vmcs_enums.py                then File > Script file... in IDA
  $ vmcs generate windbg --only fields                hvext's VMCS_ENCODINGS, SDM titles`;

/** Registers `vmcs generate` on the program (src/cli/program.ts). */
export function register(r: import('../program.js').Registry): void {
  r.program
    .command('generate')
    .description('the field table as source: C/C++, Rust, Go, Python, Zig, TypeScript, IDA, Ghidra, Binary Ninja, WinDbg')
    .argument('<target>', 'c, rust, go, python, zig, typescript, ida, ghidra, binja or windbg')
    .option('--names <set>', 'whose field identifiers: vmcs (default), sdm, linux, xen, bochs, ia32-doc, rust-x86, virtualbox, ...')
    .option('--only <parts>', 'only these parts, comma-separated: fields, bits, exit-reasons, errors')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .addHelpText('after', GENERATE_HELP)
    .action(async (target: string, o: GenerateCliOptions) => {
      r.setCode(await generateCommand(target, o, r.ctx.io));
    });
}

export async function generateCommand(target: string, o: GenerateCliOptions, io: GenerateIO): Promise<number> {
  const { generate, isTarget, isPart, nameSets, suggest, TARGETS, PARTS } = await import('../../generate/index.js');
  const { fieldsFile } = await import('../../table/table.js');
  const { generateMessage } = await import('../../render/generate.js');
  const { readFileSync } = await import('node:fs');
  const usage = (what: string, input: string, choices: readonly string[]): number => {
    const s = suggest(input, choices);
    const hint = s.length ? `; did you mean ${s.join(' or ')}?` : '';
    io.stderr.write(`vmcs generate: error: unknown ${what} '${input}'${hint} (one of: ${choices.join(', ')})\n`);
    return 2;
  };
  if (!isTarget(target)) return usage('target', target, TARGETS);
  const table = fieldsFile as unknown as import('../../generate/index.js').GenTable;
  const sets = nameSets(table);
  if (o.names !== undefined && !sets.includes(o.names)) return usage('name set', o.names, sets);
  let only: Array<(typeof PARTS)[number]> | undefined;
  if (o.only !== undefined) {
    only = [];
    for (const p of o.only.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!isPart(p)) return usage('part', p, PARTS);
      if (!only.includes(p)) only.push(p);
    }
    if (only.length === 0) return usage('part', o.only, PARTS);
  }
  const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const r = generate(target, { table, version, ...(o.names !== undefined ? { names: o.names } : {}), ...(only ? { only } : {}) });
  // the structures left out are a property of the table, said in the README, not news on every run
  for (const d of r.diagnostics) if (d.code !== 'wide-layouts-left-out') io.stderr.write(`vmcs generate: ${d.severity === 'warning' ? 'warning' : 'note'}: ${generateMessage(d)}\n`);
  if (o.output !== undefined && o.output !== '-') {
    try {
      writeFileSync(o.output, r.text);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      io.stderr.write(`vmcs generate: error: cannot write '${o.output}': ${code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (code ?? (e as Error).message)}\n`);
      return 2;
    }
  } else io.stdout.write(r.text);
  return 0;
}
