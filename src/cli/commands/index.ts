/**
 * The commands, in the order `vmcs --help` lists them: what help shows for each (its term and
 * one-line description) and how to load the module that registers and runs it. The CLI loads
 * only the module of the command being run (program.ts); help lists the others from this table.
 * test/cli-lazy.test.js checks that each entry says what the module itself registers.
 */
import type { Registry } from '../program.js';

export interface CommandEntry {
  name: string;
  /** The arguments commander's help shows after the name ("[files...]"; "" for none). */
  args: string;
  description: string;
  /** The command takes no option, so help shows no "[options]" for it. */
  noOptions?: boolean;
  load(): Promise<{ register(r: Registry): void }>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'encode',
    args: '[names...]',
    description: 'field names (SDM titles, or Linux, Xen, Bochs, ia32-doc, VirtualBox, rust x86 ... identifiers) to 32-bit encodings',
    load: () => import('./encode.js'),
  },
  { name: 'decode', args: '[encodings...]', description: '32-bit encodings (hex, 0x optional) to name, title, width, type, index and access', load: () => import('./decode.js') },
  { name: 'list', args: '[pattern]', description: 'the field table, filtered', load: () => import('./list.js') },
  { name: 'explain', args: '<field> <value>', description: "one field's value, bit by bit, in the SDM's words", load: () => import('./explain.js') },
  { name: 'annotate', args: '[files...]', description: 'read VMCS dumps (files, or standard input) and name every field', load: () => import('./annotate.js') },
  { name: 'check', args: '[files...]', description: 'name the VM-entry checks (SDM §28.2-28.4) a VMCS dump fails', load: () => import('./check.js') },
  {
    name: 'caps',
    args: '[sources...]',
    description: 'decode VMX capability MSRs (IA32_VMX_BASIC 0x480 to IA32_VMX_EXIT_CTLS2 0x493), like vmxcap',
    load: () => import('./caps.js'),
  },
  {
    name: 'diff',
    args: '<a> [b]',
    description: 'compare two VMCS states field by field and bit by bit (and, with --check, the VM-entry rules)',
    load: () => import('./diff.js'),
  },
  {
    name: 'template',
    args: '',
    description: 'generate a minimal VMCS state that passes every decidable VM-entry check, for a CPU and a guest mode',
    load: () => import('./template.js'),
  },
  {
    name: 'scan',
    args: '<images...>',
    description: 'find VMCS regions in a memory image (raw, LiME, ELF core): KVM vmcs12, Hyper-V eVMCS, hardware pages of known layouts',
    load: () => import('./scan.js'),
  },
  {
    name: 'generate',
    args: '<target>',
    description: 'the field table as source: C/C++, Rust, Go, Python, Zig, TypeScript, IDA, Ghidra, Binary Ninja, WinDbg',
    load: () => import('./generate.js'),
  },
  {
    name: 'completion',
    args: '<shell>',
    description: 'print a shell completion script (bash, zsh, fish), or the manual page (man)',
    noOptions: true,
    load: () => import('./completion.js'),
  },
];
