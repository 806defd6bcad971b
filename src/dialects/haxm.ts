/** Intel HAXM dumps (the `haxm` dialect); see ./index.ts for how dialects plug into annotate. */
import { fieldByEncoding, lookupName } from '../table/table.js';
import { DumpState, reportUnknown, type OtherParser } from './common.js';
import { diagnostic } from '../diagnostics.js';

// Intel HAXM: core/dump.c dump_vmcs() -> vmread_dump(): hax_log(HAX_LOGW, "%04x %s: %llx\n", enc, name, val)
// The encoding is printed, so it is the field; the name (HAXM's, from core/name.c, "" when
// HAXM has none) is checked against it. Prefixes: haxm_warning: / haxm_error: / haxm_warning:
// (no space) / (intelhaxm) haxm_warn: / DebugView's "<n>\t<secs>\t" / NetBSD syslog.

const HAXM_PREFIX_RE = /\bhaxm_(?:warning|warn|error|panic|info|debug|log)\b/;
const HAXM_FIELD_RE = /(?:^|[^0-9A-Za-z_])([0-9a-fA-F]{4}) ([A-Za-z][A-Za-z0-9_]*|<private>)?: ([0-9a-fA-F]{1,16}|<private>)\s*$/;
/**
 * macOS's unified log (`log show`) withholds dynamic strings, and with some settings numbers
 * too, as `<private>`: a withheld name leaves the printed encoding, which is the field; a
 * withheld value is reported (withheld-value) and the dump goes on.
 */
const PRIVATE = '<private>';
/** The first field HAXM's dump_vmcs_list prints. */
const HAXM_FIRST = 0x4000;
const HEX_TAIL_RE = /^(?:[0-9a-fA-F]{1,16}|<private>)\s*$/;
/**
 * A HAXM line of a dump that names a value without its encoding (`haxm_warning: FOO_BAR: 12`):
 * the encoding is what HAXM's lines are read by, so the name alone is an unknown token,
 * reported (common.ts). An encoding no field uses is read and reported as unknown-encoding.
 */
const NAME_ONLY_RE = /\bhaxm_\w+: ?([A-Za-z_][A-Za-z0-9_]*): ([0-9a-fA-F]{1,16})\s*$/;

export function createHaxmParser(): OtherParser {
  const d = new DumpState('haxm');
  return {
    format: 'haxm',
    get inDump() {
      return d.inDump;
    },
    end() {
      d.drop();
    },
    parse(line, lineNo, sink) {
      const prefixed = line.includes('haxm_') && HAXM_PREFIX_RE.test(line);
      // cheap test first: what follows the last ": " must be the hex value
      const colon = line.lastIndexOf(': ');
      const m = colon >= 5 && HEX_TAIL_RE.test(line.slice(colon + 2)) ? HAXM_FIELD_RE.exec(line) : null;
      if (m) {
        const encoding = parseInt(m[1]!, 16);
        const name = m[2] === PRIVATE ? '' : (m[2] ?? '');
        const named = name ? lookupName(name) : undefined;
        const agrees = named !== undefined && named.encoding === encoding;
        // Without HAXM's prefix (lost on a wrapped or interleaved line), the line must still read
        // as HAXM's: its own name for the encoding, or no name inside a HAXM dump.
        if (prefixed || agrees || (d.inDump && name === '')) {
          if (encoding === HAXM_FIRST && d.inDump && d.count > 0) d.open(sink);
          if (m[3] === PRIVATE) {
            if (!d.inDump) d.open(sink);
            const f = fieldByEncoding(encoding);
            sink.report(diagnostic('withheld-value', { field: f?.name ?? `0x${m[1]!.toLowerCase()}`, token: PRIVATE }, lineNo));
            return true;
          }
          d.field(sink, encoding, m[3]!, lineNo);
          if (m[2] === PRIVATE) d.note(sink, lineNo, m[1]!.toLowerCase(), PRIVATE, "HAXM's name of the field is withheld by the macOS log; the printed encoding gives the field");
          if (named && !agrees) {
            const f = fieldByEncoding(encoding);
            d.note(sink, lineNo, name, m[3]!, `HAXM names ${name} (${named.name}, 0x${named.encoding.toString(16).padStart(4, '0')}) but prints encoding 0x${m[1]!.toLowerCase()}${f ? ` (${f.name})` : ''}; the encoding was taken`);
          }
          return true;
        }
      }
      if (prefixed && d.inDump && line.includes(PRIVATE)) {
        // another HAXM message with a withheld value ("cvcpu <private> vmid 0"): not the dump's end
        sink.skip(line);
        return true;
      }
      const nameOnly = prefixed && d.inDump ? NAME_ONLY_RE.exec(line) : null;
      if (nameOnly) {
        reportUnknown(sink, lineNo, 'HAXM', [{ token: nameOnly[1]!, value: nameOnly[2]! }]);
        return true;
      }
      if (prefixed) {
        // HAXM's other messages ("haxm_panic: Triple fault") stand outside dump_vmcs(): no line
        // of a dump, so their NAME=value tokens (`pid=889`) are counted (common.ts)
        d.close(sink);
        sink.skip(line);
        return true;
      }
      return false;
    },
  };
}
