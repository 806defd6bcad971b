/**
 * `vmcs caps --local`: the running CPU's VMX capability MSRs, read from /dev/cpu/N/msr (Linux's
 * msr driver: an 8-byte pread at the MSR's index; root or CAP_SYS_RAWIO). The values become the
 * same "MSR VALUE" text an rdmsr loop gives, so they are read like any other source.
 * `VMCS_MSR_DEVICE` (a path with `{cpu}`) and `VMCS_CPUINFO` point elsewhere, for the tests.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/** IA32_VMX_BASIC (0x480) to IA32_VMX_EXIT_CTLS2 (0x493): SDM Vol. 4, Table 2-2 (Appendix A of Vol. 3D). */
export const CAPABILITY_MSRS: number[] = Array.from({ length: 0x493 - 0x480 + 1 }, (_, i) => 0x480 + i);

/** How the MSRs are read: the msr driver's file (an 8-byte pread at the MSR's index); a test gives its own. */
export interface MsrDevice {
  open(path: string): number;
  /** 8 bytes at the MSR's index (errors carry the errno `code`: EIO for an MSR the CPU lacks) */
  read(fd: number, msr: number, into: Uint8Array): number;
  close(fd: number): void;
}

const nodeMsr: MsrDevice = {
  open: (path) => openSync(path, 'r'),
  read: (fd, msr, into) => readSync(fd, into, 0, 8, msr),
  close: (fd) => closeSync(fd),
};

/** The capability MSRs as "0x480 0x00da0400..." lines, or a one-line reason they cannot be read. */
export function readLocalMsrs(cpu: number, env: Record<string, string | undefined>, dev: MsrDevice = nodeMsr): { text: string; device: string } | { error: string } {
  // Not Intel, or no VMX: the MSRs do not exist (reading them fails with EIO).
  let cpuinfo = '';
  try {
    cpuinfo = readFileSync(env.VMCS_CPUINFO ?? '/proc/cpuinfo', 'utf8');
  } catch {
    // not Linux, or no /proc: the device tells
  }
  if (cpuinfo) {
    const vendor = /^vendor_id\s*:\s*(\S+)/m.exec(cpuinfo)?.[1];
    if (vendor && vendor !== 'GenuineIntel') return { error: `this CPU is not Intel (${vendor}): it has no VMX capability MSRs` };
    const flags = /^flags\s*:(.*)$/m.exec(cpuinfo)?.[1] ?? '';
    if (flags && !/\bvmx\b/.test(flags)) return { error: 'this CPU does not report VMX (no "vmx" in /proc/cpuinfo flags: disabled in the firmware, or a guest without nested VMX)' };
  }
  const device = (env.VMCS_MSR_DEVICE ?? '/dev/cpu/{cpu}/msr').replace('{cpu}', String(cpu));
  let fd: number;
  try {
    fd = dev.open(device);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENXIO') {
      let cpuExists = true;
      try {
        readFileSync(device.replace(/\/msr$/, '/cpuid'));
      } catch (e) {
        cpuExists = (e as NodeJS.ErrnoException).code !== 'ENOENT';
      }
      return { error: cpuExists ? `${device} does not exist: load the msr module (sudo modprobe msr)` : `no CPU ${cpu} (${device} does not exist)` };
    }
    if (code === 'EACCES' || code === 'EPERM') return { error: `cannot open ${device}: reading MSRs needs root (sudo) or CAP_SYS_RAWIO` };
    return { error: `cannot open ${device}: ${(err as Error).message}` };
  }
  const lines: string[] = [];
  const buf = new Uint8Array(8);
  try {
    for (const msr of CAPABILITY_MSRS) {
      let n: number;
      try {
        n = dev.read(fd, msr, buf);
      } catch (err) {
        // EIO: this CPU does not implement the MSR (its enabling bit is 0); left out
        if ((err as NodeJS.ErrnoException).code === 'EIO') continue;
        if (msr === 0x480) return { error: `cannot read IA32_VMX_BASIC from ${device}: ${(err as Error).message}` };
        continue;
      }
      if (n !== 8) continue;
      let v = 0n;
      for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(buf[i]!);
      lines.push(`0x${msr.toString(16)} 0x${v.toString(16).padStart(16, '0')}`);
    }
  } finally {
    dev.close(fd);
  }
  if (!lines.some((l) => l.startsWith('0x480 '))) return { error: `${device} gave no IA32_VMX_BASIC (0x480): this CPU has no VMX` };
  return { text: lines.join('\n') + '\n', device };
}
