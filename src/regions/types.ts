/**
 * Binary VMCS layouts as data: where each VMCS field sits in a region, by its canonical
 * name in fields.json. One generic reader (./bytes.ts) serves every table; a name that
 * fields.json does not know is a bug in these tables (test/binary.test.js checks them all).
 */

/** Bytes a slot occupies: 16-, 32- or 64-bit (natural width is 64 in every software layout). */
export type SlotSize = 2 | 4 | 8;

/** A VMCS field at a fixed offset. */
export interface FieldSlot {
  /** Canonical name, exactly as in fields.json (resolved to its encoding through the table). */
  field: string;
  offset: number;
  size: SlotSize;
  /** The member name in the C structure the layout comes from. */
  member: string;
  /** eVMCS only: the hv_clean_fields bit that covers the field, 'all' (0xffff) or 'none'. */
  clean?: number | 'all' | 'none';
}

/** A value of the region that is not a VMCS field (revision id, abort indicator, ...). */
export interface HeaderSlot {
  member: string;
  offset: number;
  size: SlotSize;
}

export interface BinaryLayout {
  /** Stable id of the variant, e.g. "vmcs12-cet". */
  id: string;
  /** What the description says about the variant, e.g. "KVM, with CET fields". */
  label: string;
  /** Where the offsets come from. */
  source: string;
  /** Bytes the structure covers (sizeof); the region around it may be larger (4 KiB). */
  size: number;
  header: readonly HeaderSlot[];
  fields: readonly FieldSlot[];
  /** Byte ranges [start, end) that older or newer variants use and this one leaves as padding. */
  reserved?: ReadonlyArray<readonly [number, number, string]>;
}

/** One field read from a binary region, at its byte offset. */
export interface RegionField {
  encoding: number;
  value: bigint;
  offset: number;
}

export interface RegionNote {
  offset: number;
  label: string;
  value: string;
  what: string;
}

export type RegionDiagnosticCode = 'unknown-revision' | 'truncated-region' | 'bad-profile' | 'not-a-region';

/** A binary region read (`readRegion`): its format and variant, its fields in offset order, and the header values that are no fields. */
export interface RegionResult {
  format: 'vmcs12' | 'nested-state' | 'evmcs' | 'hardware';
  /** e.g. "vmcs12 revision 0x11e57ed0 (KVM, with CET fields)" */
  description: string;
  /** VMCS fields only, in offset order */
  fields: RegionField[];
  /** Header values that are not VMCS fields: revision id, shadow-VMCS bit, VMX-abort indicator,
   *  launch state, nested-state header fields, eVMCS clean-field bits; also the layout variant
   *  chosen ('layout'), padding or unused bytes that are not zero, data after the region. */
  notes: RegionNote[];
  diagnostics: Array<{ code: RegionDiagnosticCode; args: Record<string, string | number> }>;
}

/**
 * A layout profile: where one CPU model (one VMCS revision id) keeps each field in its VMCS
 * region, as a VMWRITE-probing tool finds it (write a marker with VMWRITE, VMCLEAR, look for the
 * marker in the region). JSON schema (see examples/profile-example.json):
 *
 *   {
 *     "revision": "0x10",            // required: the revision id (bits 30:0 of dword 0),
 *                                    //   a number or a string "0x..." (hex) / "16" (decimal)
 *     "name": "Sandy Bridge",        // optional: shown in the description
 *     "source": "how it was measured", // optional
 *     "fields": [                    // required, at least one entry
 *       { "field": "GUEST_RIP", "offset": "0x1d8" },            // size defaults to the field's width
 *       { "field": "IO_BITMAP_A", "offset": 160, "size": 4 },    // low half stored alone...
 *       { "field": "IO_BITMAP_A_HIGH", "offset": 164 }           // ...and the high half elsewhere
 *     ]
 *   }
 *
 * "field" is a canonical name, any alias or SDM title fields.json knows, `NAME_HIGH` for the high
 * half of a 64-bit field, or an encoding ("0x681e"). "offset" is a byte offset in the region
 * (number or "0x..." string), with offset + size <= 4096. "size" is 2, 4 or 8 and at most the
 * field's width (16-bit 2, 32-bit 4, 64-bit and natural-width 8, a high half 4); smaller reads the
 * low bytes. A field and its high half, both given with size 4, are read as one 64-bit value.
 * Keys starting with "$" and "description"/"comment" are ignored; any other key is an error.
 */
export interface LayoutProfile {
  revision: number;
  name?: string;
  source?: string;
  fields: Array<{ field: string; offset: number; size?: 2 | 4 | 8 }>;
}
