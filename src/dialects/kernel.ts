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

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** `label = value` pairs of a line: the label is whatever stands between the previous value and the `=`. */
const PAIR_RE = /([^=]*?)=\s*(0x)?([0-9a-fA-F]+)\b/g;
const HEADER_RE = /\*\*\* (Guest|Host|Control) State \*\*\*/;
const VMCS_PTR_RE = /\bVMCS ([0-9a-f]+), last attempted VM-entry on CPU (\d+)/;
const XEN_SEG_RE = /\b(CS|DS|SS|ES|FS|GS|LDTR|TR): ([0-9a-f]{4}) ([0-9a-f]{5}) ([0-9a-f]{8}) ([0-9a-f]{16})\s*$/;
const XEN_DT_RE = /\b(GDTR|IDTR): +([0-9a-f]{8}) ([0-9a-f]{16})\s*$/;
const XEN_BANNER_RE = /\*{6,} VMCS Areas? \*{6,}|>>> Domain \d+ <<<|^(?:.*\(XEN\))?\s*\*{30,}\s*$/;
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
  /** The dump ends here (a line of another dialect follows). */
  end(): void;
}

export function createKernelParser(): KernelParser {
  let section: Section | null = null;
  let inDump = false;
  let fields = 0;
  let xen = false;
  let prevContext: string | null = null;
  /** Trailing words of the last line that were a label without its value. */
  let tail = '';
  /** A VM-instruction error printed before Xen's dump (`VMLAUNCH error: 0x7`), for the next dump. */
  let pendingError: { value: string; line: number } | null = null;

  function open(sink: LineSink, lineNo: number): void {
    if (inDump && fields > 0) sink.boundary();
    else if (!inDump) sink.boundary();
    inDump = true;
    fields = 0;
    section = null;
    sink.setFormat(xen ? 'xen' : 'kvm');
    if (pendingError) {
      sink.field(0x4400, pendingError.value, pendingError.line);
      fields++;
      pendingError = null;
    }
    void lineNo;
  }

  function close(sink: LineSink): void {
    sink.boundary();
    inDump = false;
    section = null;
  }

  function put(sink: LineSink, encoding: number, digits: string, lineNo: number): void {
    sink.field(encoding, digits, lineNo);
    fields++;
  }

  return {
    get format() {
      return xen ? 'xen' : 'kvm';
    },
    get inDump() {
      return inDump;
    },
    end() {
      inDump = false;
      section = null;
    },
    parse(raw: string, lineNo: number, sink: LineSink): boolean {
      const line = raw.includes('\u00a0') ? raw.replace(/\u00a0/g, ' ') : raw;
      if (line.includes('(XEN)')) xen = true;
      const header = HEADER_RE.exec(line);
      if (header) {
        const which = header[1]!.toLowerCase() as Section;
        if (which === 'guest') {
          if (!inDump || fields > 0) open(sink, lineNo);
        } else if (!inDump) open(sink, lineNo);
        section = which;
        sink.setFormat(xen ? 'xen' : 'kvm');
        sink.skip();
        return true;
      }
      const ptr = VMCS_PTR_RE.exec(line);
      if (ptr) {
        open(sink, lineNo);
        sink.note({ line: lineNo, label: 'VMCS', value: ptr[1]!, what: `the kernel address of the hardware VMCS (not a field); last VM entry attempted on CPU ${ptr[2]}` });
        sink.skip();
        return true;
      }
      const fail = XEN_FAIL_RE.exec(line);
      if (fail) {
        // Xen prints the VM-instruction error it read from the VMCS before dumping it.
        xen = true;
        close(sink);
        pendingError = { value: fail[2]!.replace(/^0x/i, ''), line: lineNo };
        if (!/^0x/i.test(fail[2]!)) pendingError.value = Number(fail[2]).toString(16);
        sink.skip();
        return true;
      }
      if (XEN_BANNER_RE.test(line) || (xen && XEN_VCPU_RE.test(line))) {
        xen = true;
        close(sink);
        sink.skip();
        return true;
      }
      if (!inDump || section === null) return false;
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
          xen = true;
          return true;
        }
        const dt = XEN_DT_RE.exec(line);
        if (dt) {
          const key = dt[1]!.toLowerCase();
          put(sink, map.get(`${key}.limit`)!, dt[2]!, lineNo);
          put(sink, map.get(`${key}.base`)!, dt[3]!, lineNo);
          return true;
        }
        if (/\bsel\s+attr\s+limit\s+base\b/.test(line)) {
          sink.skip();
          return true;
        }
      }
      // A label cut off at the end of the line before ("... ActivityState" / "= 00000000",
      // "TSC" / "Multiplier = ..."): hard wraps put the rest on this line, without a prefix.
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

      let context: string | null = null;
      PAIR_RE.lastIndex = 0;
      let m: RegExpExecArray | null;
      let lastEnd = 0;
      while ((m = PAIR_RE.exec(text)) !== null) {
        let rawLabel = m[1]!;
        const digits = m[3]!;
        lastEnd = PAIR_RE.lastIndex;
        const after = text.slice(lastEnd, lastEnd + 14);
        // Xen's "(0x...)" saved copies and "(symbol)" sit between a value and the next label.
        rawLabel = rawLabel.replace(/\([^)]*\)/g, ' ');
        // "CR0: actual", "CS:   sel", "VMExit: intr_info", "  0: msr": a context, then the label.
        const colon = rawLabel.lastIndexOf(':');
        let label = rawLabel;
        if (colon >= 0) {
          const ctxWords = rawLabel.slice(0, colon).trim().split(/\s+/);
          const ctx = norm(ctxWords[ctxWords.length - 1] ?? '');
          label = rawLabel.slice(colon + 1);
          if (CONTEXTS.has(ctx)) context = ctx;
          else if (/^\d+$/.test(ctx)) context = 'msrlist';
        }
        const words = label.trim().split(/\s+/).filter(Boolean);
        if (context === 'msrlist') {
          sink.note({ line: lineNo, label: label.trim(), value: digits, what: 'an entry of an MSR list (not a VMCS field)' });
          claimed = true;
          continue;
        }
        // EFER= 0x... (effective) / (autoload), Xen EFER(MSR LL): values that are not the VMCS field.
        if (/^efer/i.test(words[words.length - 1] ?? '') || /EFER\(MSR LL\)/.test(m[1]!)) {
          if (/^\s*\((?:effective|autoload)\)/.test(after) || /EFER\(MSR LL\)/.test(m[1]!)) {
            const why = /autoload/.test(after) ? 'from the VM-entry MSR-load list' : /effective/.test(after) ? 'KVM\'s effective EFER' : 'from the MSR load list';
            sink.note({ line: lineNo, label: 'EFER', value: digits, what: `${why} (not the VMCS field)` });
            claimed = true;
            continue;
          }
        }
        let encoding: number | undefined;
        // The label is the longest run of trailing words that the section knows. A context set
        // on this line comes first; one from the line before serves a wrapped continuation
        // ("gh_mask=...", "base=..." alone on a line).
        for (let n = Math.min(words.length, 4); n >= 1 && encoding === undefined; n--) {
          const key = norm(words.slice(words.length - n).join(' '));
          if (context) encoding = map.get(`${context}.${key}`) ?? map.get(key);
          else encoding = map.get(key) ?? (prevContext ? map.get(`${prevContext}.${key}`) : undefined);
        }
        if (encoding !== undefined) {
          put(sink, encoding, digits, lineNo);
          claimed = true;
        } else if (words.length > 0 && words.length <= 4) {
          sink.note({ line: lineNo, label: words.join(' '), value: digits, what: 'a label this reader does not know' });
          claimed = true;
        }
      }
      if (context) prevContext = context;
      const rest = text.slice(lastEnd).trim();
      if (claimed && /^[A-Za-z][A-Za-z0-9_|. -]*$/.test(rest)) tail = rest;
      return claimed;
    },
  };
}
