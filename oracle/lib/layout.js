// The guest's memory layout (oracle/guest.asm); buildRom() checks the entry points against
// the ROM header. Physical addresses; the first 4 GiB are identity-mapped with 2 MiB pages.
export const ROM_SIZE = 0x100000;
export const ROM_BASE = 0xfff00000n;
export const TABLE_OFFSET = 0x10000;
export const TABLE_END = 0xf0000;
export const GUEST_RIP = ROM_BASE + 0x80n; // CPUID; JMP back (CPUID exits in every mode)
export const GUEST16_IP = 0x800n; // CS 0xF000 (base 0xF0000): the same CPUID loop for real and virtual-8086 mode
export const HOST_RIP = ROM_BASE + 0x100n; // reloads GDTR, IDTR, segments, CR0, CR3, CR4, EFER, PAT
export const HOST32_RIP = ROM_BASE + 0x200n; // a 32-bit host's entry point (CS 0x08): back to long mode, then as HOST_RIP

export const PML4 = 0x1000n;
export const PDPT32 = 0xb000n; // PAE PDPT of a 32-bit host: the identity map's four page directories (0x3000..0x6000)
export const GDT = 0x7000n; // 0x08 code32, 0x10 data, 0x18 code64, 0x20 data, 0x28 TSS (16 bytes)
export const GDT_LIMIT = 0x37n;
export const IDT = 0x8000n; // host IDT, 256 64-bit gates
export const IDT_LIMIT = 0xfffn;
export const TSS = 0x9000n;
export const GUEST_IDT = 0xa000n; // every vector to GUEST_RIP
export const VMXON = 0x10000n;
export const VMCS = 0x11000n;
export const HOST_STACK = 0x1fe0000n;
export const GUEST_STACK = 0x70000n;

// Case memory, zeroed before every case (0x12000..0x2ffff); the generator places its
// pages here and may write qwords into it (the MSR-load areas, the virtual-APIC page).
export const PAGES = {
  ioBitmapA: 0x12000n,
  ioBitmapB: 0x13000n,
  msrBitmap: 0x14000n,
  virtualApic: 0x15000n,
  apicAccess: 0x16000n,
  entryMsrLoad: 0x17000n,
  exitMsrStore: 0x18000n,
  exitMsrLoad: 0x19000n,
  eptPml4: 0x1a000n,
  pml: 0x1b000n,
  vmreadBitmap: 0x1c000n,
  vmwriteBitmap: 0x1d000n,
  postedIntDesc: 0x1e000n,
  veInfo: 0x1f000n,
  eptpList: 0x20000n,
  linkVmcs: 0x21000n,
  pdpt: 0x22000n,
  sppt: 0x23000n,
};
