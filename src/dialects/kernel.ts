/**
 * KVM `dump_vmcs()` and Xen `vmcs_dump_vcpu()` dumps, as found in kernel logs
 * (`dmesg`, `journalctl -k`, `xl dmesg`, mail and bug-report pastes).
 *
 * Both print `*** Guest State ***`, `*** Host State ***` and `*** Control State ***` sections
 * of `Label = value` and `label=value` pairs; the same label means different fields in
 * different sections (RIP is the guest's in the guest section, the host's in the host
 * section), and `CR0:`, `CS:`, `VMExit:` set the context of the labels after them.
 * The labels and the fields they print are catalogued in docs: KVM lines K0-K51, Xen X1-X39.
 *
 * Whatever prefix a line carries (timestamps, `kvm_intel: `, `(XEN) `, syslog) is ignored:
 * labels are found by their trailing words. Values that are not VMCS fields (the `VMCS <ptr>`
 * address, KVM's `(effective)` and `(autoload)` EFER, the MSR autoload lists, Xen's saved
 * register copies, `ve_info:`) are kept as notes, never passed off as fields.
 */
import type { LineSink } from './types.js';
import { parsePairLine } from './pairs.js';
import { normalizeName as norm } from '../table.js';

type Section = 'guest' | 'host' | 'control';

const SEGMENTS: Record<string, [number, number, number, number]> = {
  // selector, access rights, limit, base (docs 1.3)
  es: [0x0800, 0x4814, 0x4800, 0x6806],
  cs: [0x0802, 0x4816, 0x4802, 0x6808],
  ss: [0x0804, 0x4818, 0x4804, 0x680a],
  ds: [0x0806, 0x481a, 0x4806, 0x680c],
  fs: [0x0808, 0x481c, 0x4808, 0x680e],
  gs: [0x080a, 0x481e, 0x480a, 0x6810],
  ldtr: [0x080c, 0x4820, 0x480c, 0x6812],
  tr: [0x080e, 0x4822, 0x480e, 0x6814],
};

function table(): Record<Section, Map<string, number>> {
  const guest = new Map<string, number>([
    ['cr0.actual', 0x6800], ['cr0.shadow', 0x6004], ['cr0.ghmask', 0x6000],
    ['cr4.actual', 0x6804], ['cr4.shadow', 0x6006], ['cr4.ghmask', 0x6002],
    ['cr3', 0x6802], ['cr3.actual', 0x6802],
    ['pdptr0', 0x280a], ['pdptr1', 0x280c], ['pdptr2', 0x280e], ['pdptr3', 0x2810],
    ['pdpte0', 0x280a], ['pdpte1', 0x280c], ['pdpte2', 0x280e], ['pdpte3', 0x2810],
    ['rsp', 0x681c], ['rip', 0x681e], ['rflags', 0x6820], ['dr7', 0x681a],
    ['sysenterrsp', 0x6824],
    ['gdtr.limit', 0x4810], ['gdtr.base', 0x6816], ['idtr.limit', 0x4812], ['idtr.base', 0x6818],
    ['efer', 0x2806], ['pat', 0x2804], ['guestpat', 0x2804],
    ['debugctl', 0x2802], ['debugexceptions', 0x6822], ['perfglobctl', 0x2808], ['bndcfgs', 0x2812],
    ['interruptibility', 0x4824], ['activitystate', 0x4826], ['interruptstatus', 0x0810],
    ['scet', 0x6828], ['ssp', 0x682a], ['ssptable', 0x682c],
    ['preemptiontimer', 0x482e], ['smbase', 0x4828],
    ['specctrlmask', 0x204a], ['shadow', 0x204c],
    ['tscoffset', 0x2010],
  ]);
  for (const [seg, [sel, ar, limit, base]] of Object.entries(SEGMENTS)) {
    guest.set(`${seg}.sel`, sel).set(`${seg}.attr`, ar).set(`${seg}.limit`, limit).set(`${seg}.base`, base);
  }
  const host = new Map<string, number>([
    ['rip', 0x6c16], ['rsp', 0x6c14],
    ['cs', 0x0c02], ['ss', 0x0c04], ['ds', 0x0c06], ['es', 0x0c00], ['fs', 0x0c08], ['gs', 0x0c0a], ['tr', 0x0c0c],
    ['fsbase', 0x6c06], ['gsbase', 0x6c08], ['trbase', 0x6c0a], ['gdtbase', 0x6c0c], ['idtbase', 0x6c0e],
    ['cr0', 0x6c00], ['cr3', 0x6c02], ['cr4', 0x6c04], ['sysenterrsp', 0x6c10],
    ['efer', 0x2c02], ['pat', 0x2c00], ['hostpat', 0x2c00], ['perfglobctl', 0x2c04],
    ['scet', 0x6c18], ['ssp', 0x6c1a], ['ssptable', 0x6c1c],
  ]);
  const control = new Map<string, number>([
    ['pinbased', 0x4000], ['cpubased', 0x4002], ['secondaryexec', 0x401e], ['tertiaryexec', 0x2034],
    ['entrycontrols', 0x4012], ['exitcontrols', 0x400c], ['secondaryexitcontrols', 0x2044],
    ['exceptionbitmap', 0x4004], ['pfecmask', 0x4006], ['pfecmatch', 0x4008],
    ['vmentry.intrinfo', 0x4016], ['vmentry.errcode', 0x4018], ['vmentry.ilen', 0x401a],
    ['vmexit.intrinfo', 0x4404], ['vmexit.errcode', 0x4406], ['vmexit.ilen', 0x440c],
    ['reason', 0x4402], ['qualification', 0x6400],
    ['idtvectoring.info', 0x4408], ['idtvectoring.errcode', 0x440a],
    ['tscoffset', 0x2010], ['tscmultiplier', 0x2032],
    ['tprthreshold', 0x401c], ['apicaccessaddr', 0x2014], ['virtapicaddr', 0x2012],
    ['postedintrvec', 0x0002], ['eptpointer', 0x201a], ['eptpindex', 0x0004],
    ['cr3target0', 0x6008], ['cr3target1', 0x600a], ['cr3target2', 0x600c], ['cr3target3', 0x600e],
    ['target0', 0x6008], ['target1', 0x600a], ['target2', 0x600c], ['target3', 0x600e],
    ['plegap', 0x4020], ['window', 0x4022],
    ['virtualprocessorid', 0x0000], ['vmfunccontrols', 0x2018], ['veinfoaddress', 0x202a],
  ]);
  return { guest, host, control };
}

const TABLES = table();

/** Labels that carry the context of the labels after them on the line (and on a wrapped continuation). */
const CONTEXTS = new Set(['cr0', 'cr3', 'cr4', 'gdtr', 'idtr', 'vmentry', 'vmexit', 'idtvectoring', ...Object.keys(SEGMENTS)]);


/** `label = value` pairs of a line: the label is whatever stands between the previous value and the `=`. */
const PAIR_RE = /([^=]*?)=\s*(0x)?([0-9a-fA-F]+)\b/g;
const HEADER_RE = /\*\*\* (Guest|Host|Control) State \*\*\*/;
const VMCS_PTR_RE = /\bVMCS ([0-9a-f]+), last attempted VM-entry on CPU (\d+)/;
const XEN_SEG_RE = /\b(CS|DS|SS|ES|FS|GS|LDTR|TR): ([0-9a-f]{4}) ([0-9a-f]{5}) ([0-9a-f]{8}) ([0-9a-f]{16})\s*$/;
const XEN_DT_RE = /\b(GDTR|IDTR): +([0-9a-f]{8}) ([0-9a-f]{16})\s*$/;
const XEN_BANNER_RE = /\*{6,} VMCS Areas? \*{6,}|>>> Domain \d+ <<</;
const XEN_FOOTER_RE = /^(?:.*\(XEN\))?\s*\*{30,}\s*$/;
const XEN_VCPU_RE = /(?:^|\(XEN\))\s+VCPU \d+\s*$/;
const CS_RIP_RE = /CS:RIP=([0-9a-fA-F]+):([0-9a-fA-F]+)/;
const SVI_RVI_RE = /SVI\|RVI = ([0-9a-fA-F]{2})\|([0-9a-fA-F]{2})/;
const QEMU_RE = /\bQEMU\[\d+\]:|\b[ER]AX=[0-9a-f]{8}|\bKVM: entry failed|^(?:.*\s)?(?:ES|CS|SS|DS|FS|GS|LDT|TR) +=[0-9a-f]{4} [0-9a-f]{8} |\b[GI]DT= +[0-9a-f]+ [0-9a-f]+|\bCR0=[0-9a-f]+ CR2=|\bDR[0-7]=|\bEFER=[0-9a-f]+\s*$|\bCode=/;
const XEN_FAIL_RE = /\b(VMLAUNCH|VMRESUME) error: (0x[0-9a-f]+|\d+)/;

export interface KernelParser {
  /** Whether the line belonged to a KVM or Xen dump (and was read). */
  parse(line: string, lineNo: number, sink: LineSink): boolean;
  readonly format: 'kvm' | 'xen';
  /** Whether a KVM or Xen dump is being read. */
  readonly inDump: boolean;
  /** The dump ends here (a line of another dialect follows, or the input ends). */
  end(sink: LineSink): void;
}

/** A field read at the end of a line, held until the next line shows whether it goes on there. */
interface Held {
  encoding: number;
  digits: string;
  line: number;
  efer: boolean;
}

/** Where a line's label pairs map: fields, notes, and labels no table knows. */
interface Found {
  fields: Array<[number, string]>;
  notes: Array<{ label: string; value: string; what: string }>;
  unknown: Array<{ label: string; value: string }>;
}

export function createKernelParser(): KernelParser {
  let section: Section | null = null;
  let inDump = false;
  let fields = 0;
  let xen = false;
  /** The context (CR0, CS, VMExit...) of the line just before, for a wrapped continuation. */
  let prevContext: string | null = null;
  /** Trailing words of the last line that were a label without its value. */
  let tail = '';
  let held: Held | null = null;
  /** Set by Xen's banners and failure lines: the next dump is Xen's. */
  let nextXen = false;
  /** A VM-instruction error printed before Xen's dump (`VMLAUNCH error: 0x7`), for the next dump. */
  let pendingError: { value: string; line: number } | null = null;

  function release(sink: LineSink): void {
    if (!held) return;
    sink.field(held.encoding, held.digits, held.line);
    fields++;
    held = null;
  }

  function setXen(sink: LineSink): void {
    if (!xen) {
      xen = true;
      if (inDump) sink.setFormat('xen');
    }
  }

  function open(sink: LineSink, isXen: boolean): void {
    release(sink);
    if (!inDump || fields > 0) sink.boundary();
    inDump = true;
    fields = 0;
    section = null;
    prevContext = null;
    tail = '';
    xen = isXen || nextXen;
    nextXen = false;
    sink.setFormat(xen ? 'xen' : 'kvm');
    if (pendingError) {
      sink.field(0x4400, pendingError.value, pendingError.line);
      fields++;
      pendingError = null;
    }
  }

  function close(sink: LineSink): void {
    release(sink);
    sink.boundary();
    inDump = false;
    section = null;
    tail = '';
  }

  function put(sink: LineSink, encoding: number, digits: string, lineNo: number): void {
    sink.field(encoding, digits, lineNo);
    fields++;
  }

  /** The label pairs of a line, mapped through the section's table. */
  function scan(text: string, map: Map<string, number>): Found & { context: string | null; rest: string; lastIsEfer: boolean; endsWithValue: boolean } {
    const found: Found = { fields: [], notes: [], unknown: [] };
    let context: string | null = null;
    let msrList = false;
    let lastEnd = 0;
    let lastIsEfer = false;
    PAIR_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = PAIR_RE.exec(text)) !== null) {
      const digits = m[3]!;
      lastEnd = PAIR_RE.lastIndex;
      lastIsEfer = false;
      const after = text.slice(lastEnd, lastEnd + 14);
      // Xen's "(0x...)" saved copies and "(symbol)" sit between a value and the next label.
      let label = m[1]!.replace(/\([^)]*\)/g, ' ');
      // "CR0: actual", "CS:   sel", "VMExit: intr_info", "  0: msr": a context, then the label.
      // Only a colon after a known context word counts (timestamps have colons too).
      for (let colon = label.lastIndexOf(':'); colon >= 0; colon = label.lastIndexOf(':', colon - 1)) {
        const before = label.slice(0, colon).trimEnd();
        const word = norm(before.slice(before.search(/\S+$/)));
        const rest = norm(label.slice(colon + 1));
        if (CONTEXTS.has(word)) {
          context = word;
          label = label.slice(colon + 1);
          break;
        }
        if (/^\d{1,3}$/.test(word) && rest === 'msr') {
          msrList = true;
          label = label.slice(colon + 1);
          break;
        }
        if (colon === 0) break;
      }
      const words = label.trim().split(/\s+/).filter(Boolean);
      if (msrList) {
        found.notes.push({ label: words.join(' '), value: digits, what: 'an entry of an MSR list of KVM (not a VMCS field)' });
        continue;
      }
      // Xen's EFER(MSR LL) and KVM's "EFER= 0x... (effective)" / "(autoload)" are not the VMCS field.
      if (/EFER\(MSR LL\)/.test(m[1]!)) {
        found.notes.push({ label: 'EFER', value: digits, what: 'from the MSR load list (not the VMCS field)' });
        continue;
      }
      const last = words[words.length - 1] ?? '';
      if (/^efer$/i.test(last) && /^\s*\((?:effective|autoload)\)/.test(after)) {
        found.notes.push({ label: 'EFER', value: digits, what: /autoload/.test(after) ? 'from the VM-entry MSR-load list (not the VMCS field)' : "KVM's effective EFER (not the VMCS field)" });
        continue;
      }
      let encoding: number | undefined;
      // The label is the longest run of trailing words that the section knows. A context set
      // on this line comes first; the line just before serves a wrapped continuation
      // ("shadow=...", "gh_mask=...", "base=..." alone on a line).
      for (let n = Math.min(words.length, 4); n >= 1 && encoding === undefined; n--) {
        const key = norm(words.slice(words.length - n).join(' '));
        const ctx = context ?? prevContext;
        encoding = (ctx ? map.get(`${ctx}.${key}`) : undefined) ?? map.get(key);
      }
      if (encoding !== undefined) {
        found.fields.push([encoding, digits]);
        lastIsEfer = /^efer/i.test(last);
      } else if (words.length > 0 && words.length <= 4) found.unknown.push({ label: words.join(' '), value: digits });
    }
    const rest = text.slice(lastEnd).trim();
    return { ...found, context, rest, lastIsEfer, endsWithValue: lastEnd > 0 && rest === '' };
  }

  return {
    get format() {
      return xen ? 'xen' : 'kvm';
    },
    get inDump() {
      return inDump;
    },
    end(sink: LineSink) {
      release(sink);
      inDump = false;
      section = null;
      tail = '';
    },
    parse(raw: string, lineNo: number, sink: LineSink): boolean {
      let line = raw.includes('\u00a0') ? raw.replace(/\u00a0/g, ' ') : raw;
      // A field held from the end of the line before: a number cut by a wrap goes on here
      // ("base=0x00000000" / "7ffc2000"), and "(effective)" may follow KVM's EFER.
      if (held) {
        const h: Held = held;
        const cont = /^\s*([0-9a-fA-F]+)(?=[,\s]|$)/.exec(line);
        if (cont && !line.includes('=') && h.digits.length + cont[1]!.length <= 16) {
          h.digits += cont[1]!;
          line = line.slice(cont[0].length);
          release(sink);
          if (line.trim() === '') return true;
        } else if (h.efer && /^\s*\((?:effective|autoload)\)/.test(line)) {
          sink.note({ line: h.line, label: 'EFER', value: h.digits, what: /autoload/.test(line) ? 'from the VM-entry MSR-load list (not the VMCS field)' : "KVM's effective EFER (not the VMCS field)" });
          held = null;
          return true;
        } else release(sink);
      }
      const hasXenPrefix = line.includes('(XEN)');
      const stars = line.includes('***');
      const header = stars ? HEADER_RE.exec(line) : null;
      if (header) {
        const which = header[1]!.toLowerCase() as Section;
        if (which === 'guest') {
          if (!inDump || fields > 0) open(sink, hasXenPrefix || (inDump && xen));
        } else if (!inDump) open(sink, hasXenPrefix);
        if (hasXenPrefix) setXen(sink);
        section = which;
        prevContext = null;
        sink.skip();
        return true;
      }
      const ptr = line.includes('last attempted') ? VMCS_PTR_RE.exec(line) : null;
      if (ptr) {
        open(sink, false);
        sink.note({ line: lineNo, label: 'VMCS', value: ptr[1]!, what: `the kernel address of the hardware VMCS (not a field); last VM entry attempted on CPU ${ptr[2]}` });
        sink.skip();
        return true;
      }
      const fail = line.includes(' error: ') ? XEN_FAIL_RE.exec(line) : null;
      if (fail) {
        // Xen prints the VM-instruction error it read from the VMCS before dumping it.
        close(sink);
        const v = fail[2]!;
        pendingError = { value: /^0x/i.test(v) ? v.slice(2) : Number(v).toString(16), line: lineNo };
        nextXen = true; // the dump that follows is Xen's
        sink.skip();
        return true;
      }
      if ((stars || line.includes('>>>')) && XEN_BANNER_RE.test(line) || ((xen || hasXenPrefix) && line.includes('VCPU') && XEN_VCPU_RE.test(line))) {
        close(sink);
        nextXen = true;
        sink.skip();
        return true;
      }
      if (stars && XEN_FOOTER_RE.test(line)) {
        // the 38 asterisks that end Xen's dump
        close(sink);
        sink.skip();
        return true;
      }
      if (!inDump || section === null) return false;
      if (hasXenPrefix) setXen(sink);
      if (QEMU_RE.test(line)) {
        // QEMU's register dump often follows KVM's: it is not part of the VMCS dump.
        close(sink);
        return false;
      }

      const s = section;
      const map = TABLES[s];
      let claimed = false;

      // Fixed-shape lines first.
      if (s === 'guest') {
        const seg = XEN_SEG_RE.exec(line);
        if (seg) {
          const f = SEGMENTS[seg[1]!.toLowerCase()]!;
          put(sink, f[0], seg[2]!, lineNo);
          put(sink, f[1], seg[3]!, lineNo);
          put(sink, f[2], seg[4]!, lineNo);
          put(sink, f[3], seg[5]!, lineNo);
          setXen(sink);
          prevContext = null;
          return true;
        }
        const dt = XEN_DT_RE.exec(line);
        if (dt) {
          const key = dt[1]!.toLowerCase();
          put(sink, map.get(`${key}.limit`)!, dt[2]!, lineNo);
          put(sink, map.get(`${key}.base`)!, dt[3]!, lineNo);
          prevContext = null;
          return true;
        }
        if (/\bsel\s+attr\s+limit\s+base\b/.test(line)) {
          sink.skip();
          return true;
        }
      }
      // A label cut off at the end of the line before ("... ActivityState" / "= 00000000",
      // "TSC" / "Multiplier = ...", "DebugExceptions =" / "0x..."): the rest is on this line.
      let text = tail ? tail + ' ' + line : line;
      tail = '';
      const csrip = CS_RIP_RE.exec(text);
      if (csrip && (s === 'guest' || s === 'host')) {
        put(sink, s === 'guest' ? 0x482a : 0x4c00, csrip[1]!, lineNo);
        put(sink, s === 'guest' ? 0x6826 : 0x6c12, csrip[2]!, lineNo);
        text = text.replace(CS_RIP_RE, ' ');
        claimed = true;
      }
      const svi = SVI_RVI_RE.exec(text);
      if (svi && s === 'control') {
        put(sink, 0x0810, svi[1]! + svi[2]!, lineNo);
        text = text.replace(SVI_RVI_RE, ' ');
        claimed = true;
      }
      if (/\bve_info:/.test(text)) {
        sink.note({ line: lineNo, label: 've_info', value: text.slice(text.indexOf('ve_info:') + 8).trim(), what: 'the #VE information area (not VMCS fields)' });
        sink.skip();
        return true;
      }
      if (/\bMSR (?:guest|host) auto(?:load|store):/.test(text)) {
        sink.note({ line: lineNo, label: text.slice(text.indexOf('MSR')).trim(), value: '', what: 'an MSR list of KVM (not VMCS fields)' });
        sink.skip();
        return true;
      }

      const r = scan(text, map);
      // A line of the pairs dialect after the dump ("GUEST_RIP = 0x1"): not ours.
      if (!claimed && r.fields.length === 0 && r.notes.length === 0 && r.unknown.length > 0 && parsePairLine(line)?.kind === 'field') return false;
      for (const n of r.notes) sink.note({ line: lineNo, ...n });
      for (const u of r.unknown) sink.note({ line: lineNo, label: u.label, value: u.value, what: 'a label this reader does not know' });
      r.fields.forEach(([encoding, digits], i) => {
        // The last value of a line may go on on the next one (a wrap inside the number, or KVM's "(effective)").
        if (i === r.fields.length - 1 && r.endsWithValue) held = { encoding, digits, line: lineNo, efer: r.lastIsEfer };
        else put(sink, encoding, digits, lineNo);
      });
      claimed ||= r.fields.length > 0 || r.notes.length > 0 || r.unknown.length > 0;
      prevContext = r.context;
      if (claimed && /^[A-Za-z][A-Za-z0-9_|. -]*=?$/.test(r.rest)) tail = r.rest;
      return claimed;
    },
  };
}
