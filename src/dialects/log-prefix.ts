/**
 * Whether a line starts with a log prefix, by a plain character scan: the same answer as
 *
 *   /^[\s>]*(?:\(XEN\)|\[[^\]]*\]|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d |\d{4}-\d\d-\d\d[T ]\d\d:\d\d|kvm_intel:|kvm:|\S+-\d+ +\[\d+\] |(?:\d{1,2} )?\d\d:\d\d:\d\d(?:\.\d+)? \S+ \S+:|\d\d:\d\d:\d\d(?:\.\d+)?\] |\d+\.\d+\] |[\w.-]+ kernel:(?= |$))/.test(line)
 *
 * (LOG_PREFIX_RE of ./kvm-xen.ts, kept there as the reference) without compiling that expression
 * at start-up: V8 parses and compiles an expression on its first test and again to machine code
 * on a later one, ~1.5 M instructions for this one in a run of one dump. test/startup-work.test.js
 * compares the two over every fixture line and random prefixes.
 */

/** The expression hasLogPrefix answers for (the tests compile it; no run does). */
export const LOG_PREFIX_SOURCE = "^[\\s>]*(?:\\(XEN\\)|\\[[^\\]]*\\]|[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d |\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d|kvm_intel:|kvm:|\\S+-\\d+ +\\[\\d+\\] |(?:\\d{1,2} )?\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? \\S+ \\S+:|\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?\\] |\\d+\\.\\d+\\] |[\\w.-]+ kernel:(?= |$))";

/** JavaScript's `\s` (without the u flag): ECMAScript WhiteSpace and LineTerminator. */
export function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
/** `[\w.-]` */
const isWordDotDash = (c: number): boolean => isDigit(c) || isUpper(c) || isLower(c) || c === 95 || c === 46 || c === 45;

/** Whether `s` from `i` holds two digits (`\d\d`). */
function dd(s: string, i: number): boolean {
  return isDigit(s.charCodeAt(i)) && isDigit(s.charCodeAt(i + 1));
}

/** `\d\d:\d\d:\d\d` at i. */
function clock(s: string, i: number): boolean {
  return dd(s, i) && s.charCodeAt(i + 2) === 58 && dd(s, i + 3) && s.charCodeAt(i + 5) === 58 && dd(s, i + 6);
}

/** After `(?:\.\d+)?` at i (greedy; the caller's next character decides): where the digits end, or i. */
function fraction(s: string, i: number): number {
  if (s.charCodeAt(i) !== 46 || !isDigit(s.charCodeAt(i + 1))) return i;
  let j = i + 1;
  while (isDigit(s.charCodeAt(j))) j++;
  return j;
}

/** The end of the run of non-blanks (`\S`) from i. */
function tokenEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && !isJsSpace(s.charCodeAt(j))) j++;
  return j;
}

/** `\S+-\d+ +\[\d+\] ` from i (\S+ may start no earlier than i). */
function dashPidCpu(s: string, i: number): boolean {
  const e = tokenEnd(s, i);
  if (s.charCodeAt(e) !== 32) return false;
  // \S+-\d+ followed by a space is the whole token: its last '-' with only digits after it
  let p = e - 1;
  while (p > i && isDigit(s.charCodeAt(p))) p--;
  if (p === e - 1 || p <= i || s.charCodeAt(p) !== 45) return false;
  let j = e;
  while (s.charCodeAt(j) === 32) j++;
  if (s.charCodeAt(j) !== 91 || !isDigit(s.charCodeAt(j + 1))) return false;
  j++;
  while (isDigit(s.charCodeAt(j))) j++;
  return s.charCodeAt(j) === 93 && s.charCodeAt(j + 1) === 32;
}

/** `\d\d:\d\d:\d\d(?:\.\d+)? \S+ \S+:` at i. */
function clockHostTag(s: string, i: number): boolean {
  if (!clock(s, i)) return false;
  const f = fraction(s, i + 8);
  if (s.charCodeAt(f) !== 32) return false;
  const a = f + 1;
  const ae = tokenEnd(s, a);
  if (ae === a || s.charCodeAt(ae) !== 32) return false;
  const b = ae + 1;
  const be = tokenEnd(s, b);
  const colon = s.indexOf(':', b + 1);
  return colon !== -1 && colon < be;
}

/** Whether the line starts with a log prefix (see the module's comment). */
export function hasLogPrefix(s: string): boolean {
  let q = 0;
  while (q < s.length) {
    const c = s.charCodeAt(q);
    if (c === 62 || isJsSpace(c)) q++;
    else break;
  }
  // \S+-\d+... may take the run's last '>'s into its \S+
  let g = q;
  while (g > 0 && s.charCodeAt(g - 1) === 62) g--;
  const c = s.charCodeAt(q);
  if (c === 40 && s.startsWith('(XEN)', q)) return true;
  if (c === 91 && s.indexOf(']', q + 1) !== -1) return true;
  if (
    isUpper(c) &&
    isLower(s.charCodeAt(q + 1)) &&
    isLower(s.charCodeAt(q + 2)) &&
    s.charCodeAt(q + 3) === 32 &&
    (s.charCodeAt(q + 4) === 32 || isDigit(s.charCodeAt(q + 4))) &&
    isDigit(s.charCodeAt(q + 5)) &&
    s.charCodeAt(q + 6) === 32 &&
    clock(s, q + 7) &&
    s.charCodeAt(q + 15) === 32
  )
    return true;
  if (
    dd(s, q) &&
    dd(s, q + 2) &&
    s.charCodeAt(q + 4) === 45 &&
    dd(s, q + 5) &&
    s.charCodeAt(q + 7) === 45 &&
    dd(s, q + 8) &&
    (s.charCodeAt(q + 10) === 84 || s.charCodeAt(q + 10) === 32) &&
    dd(s, q + 11) &&
    s.charCodeAt(q + 13) === 58 &&
    dd(s, q + 14)
  )
    return true;
  if (c === 107 && (s.startsWith('kvm_intel:', q) || s.startsWith('kvm:', q))) return true;
  for (let i = g; i <= q; i++) if (i < s.length && dashPidCpu(s, i)) return true;
  if (isDigit(c)) {
    if (clockHostTag(s, q)) return true;
    if (s.charCodeAt(q + 1) === 32 && clockHostTag(s, q + 2)) return true;
    if (isDigit(s.charCodeAt(q + 1)) && s.charCodeAt(q + 2) === 32 && clockHostTag(s, q + 3)) return true;
    if (clock(s, q)) {
      const f = fraction(s, q + 8);
      if (s.charCodeAt(f) === 93 && s.charCodeAt(f + 1) === 32) return true;
    }
    let j = q;
    while (isDigit(s.charCodeAt(j))) j++;
    if (s.charCodeAt(j) === 46 && isDigit(s.charCodeAt(j + 1))) {
      j++;
      while (isDigit(s.charCodeAt(j))) j++;
      if (s.charCodeAt(j) === 93 && s.charCodeAt(j + 1) === 32) return true;
    }
  }
  if (isWordDotDash(c)) {
    let j = q;
    while (isWordDotDash(s.charCodeAt(j))) j++;
    if (s.startsWith(' kernel:', j)) {
      const k = j + 8;
      if (k === s.length || s.charCodeAt(k) === 32) return true;
    }
  }
  return false;
}
