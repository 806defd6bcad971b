// node examples/make-scan-image.mjs OUT: a 1 MiB raw memory image with a vmcs12, a hardware
// (revision 4) page, an eVMCS and a decoy, as the README's `vmcs scan` example shows.
import { writeFileSync } from 'node:fs';
import { filler, vmcs12Page, hardwarePage, evmcsPage, loadBuiltinProfile } from '../test/scan-helpers.js';
const prof = loadBuiltinProfile('haswell-skylake.json');
const img = filler(256 * 4096, 42);
img.set(vmcs12Page(), 0x3000);
img.set(hardwarePage(prof, 4), 0x1a000);
img.set(hardwarePage(prof, 4, { GUEST_RIP: 0xfffff80312349999n }), 0x1b000);
img.set(evmcsPage({ HOST_RIP: 0xfffff8000c012340n, EPT_POINTER: 0x2b4c01en }), 0x40000);
img.set(hardwarePage(prof, 4, { VMCS_LINK_POINTER: 0n }), 0x50000);
writeFileSync(process.argv[2] ?? 'mem.raw', img);
