/**
 * Binary VMCS regions: the raw bytes of a VMCS, as files or as the hex dumps people paste.
 *
 * What is read (one generic reader, ./bytes.ts, over the offset tables of vmcs12.ts, evmcs.ts and nested-state.ts):
 *   - KVM's nested VMCS, struct vmcs12 (revision id 0x11e57ed0, 4 KiB), every field at its
 *     offset, with the header (revision id, shadow-VMCS bit, VMX-abort indicator, launch
 *     state); the layout variant (CET fields, CR3-target values) is chosen from the bytes.
 *   - The KVM_GET_NESTED_STATE blob: its header, the vmcs12 and, when present, the shadow
 *     vmcs12 (readRegions returns it as a second region).
 *   - The Hyper-V enlightened VMCS v1 (revision 1, 1024 bytes), with its clean-field bits.
 *   - A hardware VMCS page, whose layout is not architectural, given a layout profile of its
 *     revision id (LayoutProfile below). Without one, only the revision id, the shadow bit and
 *     the VMX-abort indicator are decoded, and an 'unknown-revision' diagnostic says why.
 *
 * Values are little-endian, of the size at their offset (natural width is 64-bit). Offsets in
 * results are offsets into the bytes given (so, for a nested-state blob, 128 + the vmcs12 offset).
 */
import { Bytes, type Diagnostic, REGION_MAX, diag, hex8, regionHeaderNotes } from './bytes.js';
import { EVMCS_VERSION, readEvmcs } from './evmcs.js';
import { type ResolvedProfile, readHardware, resolveProfile } from './hardware.js';
import { NESTED_HEADER_SIZE, isNestedState, readNested } from './nested-state.js';
import type { LayoutProfile, RegionNote, RegionResult } from './types.js';
import { VMCS12_REVISION, VMCS12_SIZE, readVmcs12, vmcs12Description } from './vmcs12.js';

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * Read a region: vmcs12 (revision 0x11e57ed0), KVM nested state, Hyper-V eVMCS v1 (revision 1
 * and the v1 layout size), or a hardware page with a profile of its revision. For a nested-state
 * blob this is the vmcs12; readRegions also returns the shadow vmcs12.
 */
export function readRegion(bytes: Uint8Array, options: { profile?: LayoutProfile } = {}): RegionResult {
  return readRegions(bytes, options)[0]!;
}

/**
 * Like readRegion, but a KVM nested-state blob that carries a shadow vmcs12 gives two results:
 * the vmcs12 (with the nested-state header notes) and then the shadow vmcs12 (format
 * 'nested-state', described as "shadow vmcs12 of KVM nested state: ..."). Every other input
 * gives exactly one result.
 */
export function readRegions(bytes: Uint8Array, options: { profile?: LayoutProfile } = {}): RegionResult[] {
  if (!(bytes instanceof Uint8Array)) {
    return [{ format: 'hardware', description: 'not a VMCS region', fields: [], notes: [], diagnostics: [diag('not-a-region', { length: 0, reason: 'not bytes' })] }];
  }
  const data = new Bytes(bytes);
  if (data.length < 8) {
    return [
      {
        format: 'hardware',
        description: 'not a VMCS region',
        fields: [],
        notes: [],
        diagnostics: [diag('not-a-region', { length: data.length, reason: 'shorter than the 8-byte region header (revision id and VMX-abort indicator)' })],
      },
    ];
  }
  const diagnostics: Diagnostic[] = [];
  let profile: ResolvedProfile | undefined;
  if (options.profile !== undefined) {
    const r = resolveProfile(options.profile);
    if ('error' in r) diagnostics.push(diag('bad-profile', { reason: r.error }));
    else profile = r;
  }
  const withProfileDiags = (results: RegionResult[], regionEnd = REGION_MAX): RegionResult[] => {
    if (diagnostics.length) results[0]!.diagnostics.unshift(...diagnostics);
    if (data.length > regionEnd) {
      results[results.length - 1]!.notes.push({
        offset: regionEnd,
        label: 'trailing',
        value: `${data.length - regionEnd} bytes`,
        what: `the data goes on after the ${regionEnd}-byte region; the rest is not read`,
      });
    }
    return results;
  };
  if (isNestedState(data)) return withProfileDiags(readNested(data), Math.max(data.u32(4), NESTED_HEADER_SIZE));
  const dw0 = data.u32(0);
  const revision = dw0 & 0x7fffffff;
  if (profile && profile.revision === revision) {
    const r = readHardware(data, profile, []);
    return withProfileDiags([r]);
  }
  if (revision === VMCS12_REVISION) {
    const r = readVmcs12(data, 0, Math.min(data.length, VMCS12_SIZE));
    return withProfileDiags([{ format: 'vmcs12', description: vmcs12Description(r.layout), fields: r.fields, notes: r.notes, diagnostics: r.diagnostics }]);
  }
  if (dw0 === EVMCS_VERSION) return withProfileDiags([readEvmcs(data)]);
  const notes: RegionNote[] = [];
  regionHeaderNotes(data, 0, 'VMCS revision identifier (bits 30:0)', notes);
  const args: Record<string, string | number> = { revision: hex8(revision) };
  if (profile) args.profileRevision = hex8(profile.revision);
  return withProfileDiags([
    {
      format: 'hardware',
      description: profile
        ? `VMCS region with revision id ${hex8(revision)}; the layout profile is for revision ${hex8(profile.revision)}`
        : `VMCS region with revision id ${hex8(revision)}: a hardware layout, unknown without a layout profile (--layout)`,
      fields: [],
      notes,
      diagnostics: [diag('unknown-revision', args)],
    },
  ]);
}

/** Whether these first bytes look like a binary region (NUL bytes / a known revision id / the nested-state header). */
export function looksBinary(head: Uint8Array, revisionOnly = false): boolean {
  if (!(head instanceof Uint8Array) || head.length === 0) return false;
  if (!revisionOnly && head.indexOf(0) !== -1) return true;
  if (head.length >= 4) {
    const dw0 = (head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24)) >>> 0;
    if ((dw0 & 0x7fffffff) === VMCS12_REVISION) return true;
  }
  return false;
}
