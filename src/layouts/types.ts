/**
 * Binary VMCS layouts as data: where each VMCS field sits in a region, by its canonical
 * name in fields.json. One generic reader (../binary.ts) serves every layout; a name that
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
