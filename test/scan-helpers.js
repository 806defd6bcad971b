// Builders for memory images with planted VMCS regions (used by scan.test.js and bench/scan.mjs).
import { VMCS12_CET, VMCS12_REVISION } from '../dist/regions/vmcs12.js';
import { EVMCS_V1 } from '../dist/regions/evmcs.js';
import { parseProfile } from '../dist/regions/hardware.js';
import { readFileSync } from 'node:fs';

export const PAGE = 4096;

export function loadBuiltinProfile(file) {
  const p = parseProfile(readFileSync(new URL(`../profiles/${file}`, import.meta.url), 'utf8'));
  if ('error' in p) throw new Error(p.error);
  return p;
}

/** Values a 64-bit hypervisor leaves in a VMCS; `over` replaces some. */
export function vmcsValues(over = {}) {
  return {
    HOST_CR0: 0x80050033n,
    HOST_CR3: 0x1aa000n,
    HOST_CR4: 0x3726e0n,
    HOST_RIP: 0xffffffffc0a01234n,
    VMCS_LINK_POINTER: 0xffffffffffffffffn,
    EPT_POINTER: 0x10f3a05en,
    CPU_BASED_VM_EXEC_CONTROL: 0xb5a06dfan,
    SECONDARY_VM_EXEC_CONTROL: 0x000000a2n,
    GUEST_CR3: 0x7e3e000n,
    GUEST_RIP: 0xfffff80312345678n,
    ...over,
  };
}

function put(page, offset, size, v) {
  for (let i = 0; i < size; i++) page[offset + i] = Number((v >> BigInt(8 * i)) & 0xffn);
}

/** A page with dword 0, an abort indicator and the values at the slots ({field, offset, size}) given. */
export function pageFrom(dword0, slots, values, abort = 0) {
  const page = new Uint8Array(PAGE);
  put(page, 0, 4, BigInt(dword0));
  put(page, 4, 4, BigInt(abort));
  for (const s of slots) {
    if (values[s.field] !== undefined) put(page, s.offset, s.size, values[s.field]);
    const hi = /_HIGH$/.test(s.field) ? values[s.field.slice(0, -5)] : undefined;
    if (hi !== undefined) put(page, s.offset, s.size, hi >> 32n);
  }
  return page;
}

export const vmcs12Page = (over = {}, abort = 0) => pageFrom(VMCS12_REVISION, VMCS12_CET.fields, vmcsValues(over), abort);
export const evmcsPage = (over = {}) => pageFrom(1, EVMCS_V1.fields, vmcsValues(over));
export const hardwarePage = (profile, revision, over = {}, abort = 0) => pageFrom(revision, profile.fields, vmcsValues(over), abort);

/** Deterministic filler: random pages, zero pages, and pages of small integers (dword 0 often 4, 0x10...). */
export function filler(bytes, seed = 1) {
  const b = new Uint8Array(bytes);
  let x = seed >>> 0 || 1;
  const rnd = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
  for (let p = 0; p < bytes; p += PAGE) {
    const kind = (p / PAGE) % 3;
    if (kind === 0) for (let i = p; i < Math.min(bytes, p + PAGE); i += 4) new DataView(b.buffer).setUint32(i, rnd(), true);
    else if (kind === 2) for (let i = p; i < Math.min(bytes, p + PAGE); i += 4) new DataView(b.buffer).setUint32(i, rnd() % 0x14, true);
  }
  return b;
}

export function lime(ranges) {
  const parts = [];
  for (const { phys, bytes } of ranges) {
    const h = new Uint8Array(32);
    const dv = new DataView(h.buffer);
    dv.setUint32(0, 0x4c694d45, true);
    dv.setUint32(4, 1, true);
    dv.setBigUint64(8, BigInt(phys), true);
    dv.setBigUint64(16, BigInt(phys + bytes.length - 1), true);
    parts.push(h, bytes);
  }
  return concat(parts);
}

/** An ELF64 core: segments {phys, bytes}, laid out in order after the headers (with a gap byte pattern between). */
export function elfCore(segments, gap = 0) {
  const phoff = 64;
  const dataStart = phoff + 56 * (segments.length + 1);
  const h = new Uint8Array(dataStart);
  const dv = new DataView(h.buffer);
  h.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  dv.setUint16(16, 4, true); // ET_CORE
  dv.setUint16(18, 62, true); // EM_X86_64
  dv.setBigUint64(0x20, BigInt(phoff), true);
  dv.setUint16(0x36, 56, true);
  dv.setUint16(0x38, segments.length + 1, true);
  // a PT_NOTE first, as QEMU writes
  dv.setUint32(phoff, 4, true);
  let off = dataStart;
  const parts = [h];
  segments.forEach((s, i) => {
    const p = phoff + 56 * (i + 1);
    if (gap) {
      parts.push(new Uint8Array(gap).fill(0xcc));
      off += gap;
    }
    dv.setUint32(p, 1, true);
    dv.setBigUint64(p + 8, BigInt(off), true);
    dv.setBigUint64(p + 16, BigInt(0xffff880000000000n + BigInt(s.phys)), true);
    dv.setBigUint64(p + 24, BigInt(s.phys), true);
    dv.setBigUint64(p + 32, BigInt(s.bytes.length), true);
    dv.setBigUint64(p + 40, BigInt(s.bytes.length), true);
    parts.push(s.bytes);
    off += s.bytes.length;
  });
  return { image: concat(parts), offsets: segments.map((_, i) => Number(dv.getBigUint64(phoff + 56 * (i + 1) + 8, true))) };
}

export function concat(parts) {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
