/**
 * Identifiers per language: characters a language does not allow become '_', a leading
 * digit gets a '_' in front, a keyword gets a '_' after, and a name already taken in its
 * scope gets _2, _3... in the order the file declares them. Every change is a diagnostic.
 */
import type { GenerateDiagnostic } from './types.js';

export interface LanguageRules {
  keywords: ReadonlySet<string>;
  /** Extra rewriting after the common one (Go: exported names start with a capital). */
  adjust?: (id: string) => string;
}

export class Namer {
  readonly scopes = new Map<string, Set<string>>();
  /** The change the last take() made worth a note, for the comment next to the identifier. */
  private last: { from: string; to: string; reason: string } | null = null;
  constructor(
    private readonly rules: LanguageRules,
    private readonly diagnostics: GenerateDiagnostic[],
  ) {}

  /** Reserve names the file declares itself (helpers), so that no generated name takes them. */
  reserve(scope: string, ...ids: string[]): void {
    const s = this.set(scope);
    for (const id of ids) s.add(id);
  }

  private set(scope: string): Set<string> {
    let s = this.scopes.get(scope);
    if (!s) {
      s = new Set();
      this.scopes.set(scope, s);
    }
    return s;
  }

  /** A valid identifier for `raw`, unique in `scope`. */
  take(scope: string, raw: string): string {
    // EOI_EXIT_BITMAP(1)_HIGH (Xen's macro) -> EOI_EXIT_BITMAP_1_HIGH
    let id = raw.replace(/::/g, '_');
    if (/[^A-Za-z0-9_]/.test(id)) id = id.replace(/[^A-Za-z0-9_]+/g, '_').replace(/_{2,}/g, '_').replace(/(?<=.)_$/, '');
    if (id === '') id = '_';
    let reason = id !== raw ? 'invalid-characters' : '';
    // A language's own convention (Go: exported names start with a capital) is no surprise worth a note.
    if (this.rules.adjust) id = this.rules.adjust(id);
    if (/^[0-9]/.test(id)) {
      id = '_' + id;
      reason = 'leading-digit';
    }
    if (this.rules.keywords.has(id)) {
      id = id + '_';
      reason = 'keyword';
    }
    const s = this.set(scope);
    if (s.has(id)) {
      let n = 2;
      while (s.has(`${id}_${n}`)) n++;
      id = `${id}_${n}`;
      reason = 'collision';
    }
    s.add(id);
    this.last = null;
    // A rust-x86 name such as control::VPID becomes control_VPID outside Rust: expected, not worth a note.
    if (reason && !(reason === 'invalid-characters' && raw.includes('::') && !/[^A-Za-z0-9_:]/.test(raw))) {
      this.diagnostics.push({ code: 'renamed-identifier', severity: reason === 'collision' ? 'warning' : 'info', args: { from: raw, to: id, reason, scope } });
      this.last = { from: raw, to: id, reason };
    }
    return id;
  }

  /** '; written X: Y' when the last take() changed the name, else ''. */
  note(): string {
    const l = this.last;
    if (!l) return '';
    const why = l.reason === 'collision' ? 'the name is taken' : l.reason === 'keyword' ? 'a keyword' : l.reason === 'leading-digit' ? 'a leading digit' : 'characters not allowed';
    return `; ${l.from} written ${l.to} (${why})`;
  }

  identifiers(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [k, v] of this.scopes) out[k] = [...v];
    return out;
  }
}

export const C_KEYWORDS = new Set(
  (
    'auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while ' +
    '_Alignas _Alignof _Atomic _Bool _Complex _Generic _Imaginary _Noreturn _Static_assert _Thread_local ' +
    // C++ (the header is usable from C++)
    'alignas alignof and and_eq asm bitand bitor bool catch char8_t char16_t char32_t class compl concept consteval constexpr constinit const_cast co_await co_return co_yield decltype delete dynamic_cast explicit export false friend mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected public reinterpret_cast requires static_assert static_cast template this thread_local throw true try typeid typename using virtual wchar_t xor xor_eq ' +
    // macros of <stdint.h> the header includes
    'NULL UINT8_C UINT16_C UINT32_C UINT64_C'
  ).split(' '),
);

export const RUST_KEYWORDS = new Set(
  '_ as break const continue crate else enum extern false fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait true type unsafe use where while async await dyn abstract become box do final macro override priv typeof unsized virtual yield try union'.split(' '),
);

export const GO_KEYWORDS = new Set(
  '_ break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr true false iota nil append cap close complex copy delete imag len make new panic print println real recover'.split(' '),
);

export const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case _ name value mro'.split(' '),
);

export const ZIG_KEYWORDS = new Set(
  'addrspace align allowzero and anyframe anytype asm async await break callconv catch comptime const continue defer else enum errdefer error export extern fn for if inline linksection noalias noinline nosuspend opaque or orelse packed pub resume return struct suspend switch test threadlocal try union unreachable usingnamespace var volatile while true false null undefined type void bool anyerror anyopaque noreturn u8 u16 u32 u64 i8 i16 i32 i64 usize isize _'.split(' '),
);

export const TS_KEYWORDS = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with implements interface let package private protected public static yield any boolean constructor declare get module require number set string symbol type from of undefined NaN Infinity'.split(' '),
);

/** GUEST_RIP -> GuestRip, ctrl_pin_based -> CtrlPinBased */
export function camel(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .join('');
}

/** proc-based-primary -> proc_based_primary */
export function snake(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/** proc-based-primary -> PROC_BASED_PRIMARY */
export function upperSnake(key: string): string {
  return snake(key).toUpperCase();
}
