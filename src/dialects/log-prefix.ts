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

/** The expression prefixPartEnd answers for (the tests compile it; no run does). */
export const PREFIX_PART_SOURCE = "^[\\s>]*(?:\\(XEN\\)|\\[[^\\]]*\\]|[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ \\S+:|\\d{4}-\\d\\d-\\d\\d[T ]\\S+(?: \\S+ \\S+:)?|kvm_intel:(?: vcpu\\d+(?= ))?|kvm:|\\S+-\\d+ +\\[\\d+\\] +(?:[\\w.]{4,6} +)?\\d+\\.\\d+: +(?:bprint: +)?|(?:dump_vmcs|vmx_dump_[a-z_]+|vmcs_dump_vcpu)(?:\\.[\\w.]+)?:(?= )|kernel:(?= |$)|[A-Za-z][\\w.-]*\\[\\d+\\]:(?= |$)|(?:\\d{1,2} )?\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? \\S+ \\S+:(?= |$)|\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?\\](?= |$)|\\d+\\.\\d+\\](?= |$)|[\\w.-]+ kernel:(?= |$))";

/** `\S+ \S+:` from i (after a blank): the end of the last colon of the second word, or -1. */
function twoWordsColon(s: string, i: number, colonAtEnd: boolean): number {
  const ae = tokenEnd(s, i);
  if (ae === i || s.charCodeAt(ae) !== 32) return -1;
  const b = ae + 1;
  const be = tokenEnd(s, b);
  if (colonAtEnd) {
    // `\S+:(?= |$)`: the word ends in its colon, then a space or the end
    return be - 1 > b && s.charCodeAt(be - 1) === 58 && (be === s.length || s.charCodeAt(be) === 32) ? be : -1;
  }
  const colon = s.lastIndexOf(':', be - 1);
  return colon > b ? colon + 1 : -1;
}

/** `(?= |$)` at i. */
const blankOrEnd = (s: string, i: number): boolean => i === s.length || s.charCodeAt(i) === 32;

/** `\d+\.\d+: +(?:bprint: +)?` at i: its end, or -1. */
function stampColon(s: string, i: number): number {
  let j = i;
  while (isDigit(s.charCodeAt(j))) j++;
  if (j === i || s.charCodeAt(j) !== 46 || !isDigit(s.charCodeAt(j + 1))) return -1;
  j++;
  while (isDigit(s.charCodeAt(j))) j++;
  if (s.charCodeAt(j) !== 58 || s.charCodeAt(j + 1) !== 32) return -1;
  j++;
  while (s.charCodeAt(j) === 32) j++;
  if (s.startsWith('bprint:', j) && s.charCodeAt(j + 7) === 32) {
    j += 7;
    while (s.charCodeAt(j) === 32) j++;
  }
  return j;
}

/** `\S+-\d+ +\[\d+\] +(?:[\w.]{4,6} +)?\d+\.\d+: +(?:bprint: +)?` from i (\S+ starting at i): its end, or -1. */
function tracePrefix(s: string, i: number): number {
  const e = tokenEnd(s, i);
  if (s.charCodeAt(e) !== 32) return -1;
  let p = e - 1;
  while (p > i && isDigit(s.charCodeAt(p))) p--;
  if (p === e - 1 || p <= i || s.charCodeAt(p) !== 45) return -1;
  let j = e;
  while (s.charCodeAt(j) === 32) j++;
  if (s.charCodeAt(j) !== 91 || !isDigit(s.charCodeAt(j + 1))) return -1;
  j++;
  while (isDigit(s.charCodeAt(j))) j++;
  if (s.charCodeAt(j) !== 93 || s.charCodeAt(j + 1) !== 32) return -1;
  j++;
  while (s.charCodeAt(j) === 32) j++;
  const isWordDot = (c: number): boolean => isDigit(c) || isUpper(c) || isLower(c) || c === 95 || c === 46;
  for (let n = 6; n >= 4; n--) {
    let k = 0;
    while (k < n && isWordDot(s.charCodeAt(j + k))) k++;
    if (k === n && s.charCodeAt(j + n) === 32) {
      let t = j + n;
      while (s.charCodeAt(t) === 32) t++;
      const end = stampColon(s, t);
      if (end !== -1) return end;
    }
  }
  return stampColon(s, j);
}

/** `(?:\.[\w.]+)?:(?= )` at i: its end, or -1. */
function dottedColon(s: string, i: number): number {
  let j = i;
  if (s.charCodeAt(j) === 46 && isWordDot2(s.charCodeAt(j + 1))) {
    j++;
    while (isWordDot2(s.charCodeAt(j))) j++;
    if (s.charCodeAt(j) !== 58) j = i;
  }
  return s.charCodeAt(j) === 58 && s.charCodeAt(j + 1) === 32 ? j + 1 : -1;
}
const isWordDot2 = (c: number): boolean => isDigit(c) || isUpper(c) || isLower(c) || c === 95 || c === 46;

/** One alternative of the expression at q, in its order: its end, or -1. */
function partAt(s: string, q: number): number {
  const c = s.charCodeAt(q);
  if (c === 40 && s.startsWith('(XEN)', q)) return q + 5;
  if (c === 91) {
    const close = s.indexOf(']', q + 1);
    if (close !== -1) return close + 1;
  }
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
  ) {
    const end = twoWordsColon(s, q + 16, false);
    if (end !== -1) return end;
  }
  if (
    dd(s, q) &&
    dd(s, q + 2) &&
    s.charCodeAt(q + 4) === 45 &&
    dd(s, q + 5) &&
    s.charCodeAt(q + 7) === 45 &&
    dd(s, q + 8) &&
    (s.charCodeAt(q + 10) === 84 || s.charCodeAt(q + 10) === 32)
  ) {
    const e = tokenEnd(s, q + 11);
    if (e > q + 11) {
      if (s.charCodeAt(e) === 32) {
        const more = twoWordsColon(s, e + 1, false);
        if (more !== -1) return more;
      }
      return e;
    }
  }
  if (c === 107) {
    if (s.startsWith('kvm_intel:', q)) {
      const v = q + 10;
      if (s.startsWith(' vcpu', v) && isDigit(s.charCodeAt(v + 5))) {
        let j = v + 5;
        while (isDigit(s.charCodeAt(j))) j++;
        if (s.charCodeAt(j) === 32) return j;
      }
      return v;
    }
    if (s.startsWith('kvm:', q)) return q + 4;
  }
  if (!isJsSpace(c) && q < s.length) {
    const end = tracePrefix(s, q);
    if (end !== -1) return end;
  }
  if (c === 100 && s.startsWith('dump_vmcs', q)) {
    const end = dottedColon(s, q + 9);
    if (end !== -1) return end;
  }
  if (c === 118) {
    if (s.startsWith('vmx_dump_', q)) {
      let j = q + 9;
      while (isLower(s.charCodeAt(j)) || s.charCodeAt(j) === 95) j++;
      if (j > q + 9) {
        const end = dottedColon(s, j);
        if (end !== -1) return end;
      }
    }
    if (s.startsWith('vmcs_dump_vcpu', q)) {
      const end = dottedColon(s, q + 14);
      if (end !== -1) return end;
    }
  }
  if (c === 107 && s.startsWith('kernel:', q) && blankOrEnd(s, q + 7)) return q + 7;
  if (isUpper(c) || isLower(c)) {
    let j = q + 1;
    while (isWordDotDash(s.charCodeAt(j))) j++;
    if (s.charCodeAt(j) === 91 && isDigit(s.charCodeAt(j + 1))) {
      j++;
      while (isDigit(s.charCodeAt(j))) j++;
      if (s.charCodeAt(j) === 93 && s.charCodeAt(j + 1) === 58 && blankOrEnd(s, j + 2)) return j + 2;
    }
  }
  if (isDigit(c)) {
    const clockWords = (i: number): number => {
      if (!clock(s, i)) return -1;
      const f = fraction(s, i + 8);
      return s.charCodeAt(f) === 32 ? twoWordsColon(s, f + 1, true) : -1;
    };
    let end = -1;
    if (isDigit(s.charCodeAt(q + 1)) && s.charCodeAt(q + 2) === 32) end = clockWords(q + 3);
    if (end === -1 && s.charCodeAt(q + 1) === 32) end = clockWords(q + 2);
    if (end === -1) end = clockWords(q);
    if (end !== -1) return end;
    if (clock(s, q)) {
      const f = fraction(s, q + 8);
      if (s.charCodeAt(f) === 93 && blankOrEnd(s, f + 1)) return f + 1;
    }
    let j = q;
    while (isDigit(s.charCodeAt(j))) j++;
    if (s.charCodeAt(j) === 46 && isDigit(s.charCodeAt(j + 1))) {
      j++;
      while (isDigit(s.charCodeAt(j))) j++;
      if (s.charCodeAt(j) === 93 && blankOrEnd(s, j + 1)) return j + 1;
    }
  }
  if (isWordDotDash(c)) {
    let j = q;
    while (isWordDotDash(s.charCodeAt(j))) j++;
    if (s.startsWith(' kernel:', j) && blankOrEnd(s, j + 8)) return j + 8;
  }
  return -1;
}

/**
 * The length of the match of PREFIX_PART_SOURCE's expression at the start of the line (one part
 * of a log prefix, with the blanks and '>' before it), or -1 where it does not match: the same
 * as `PREFIX_PART_RE.exec(line)?.[0].length ?? -1`, by a character scan.
 */
export function prefixPartLength(s: string): number {
  let q = 0;
  while (q < s.length) {
    const c = s.charCodeAt(q);
    if (c === 62 || isJsSpace(c)) q++;
    else break;
  }
  const end = partAt(s, q);
  if (end !== -1) return end;
  // backtracking into the blanks and '>': only the trace alternative's \S+ can start on a '>'
  let g = q;
  while (g > 0 && s.charCodeAt(g - 1) === 62) g--;
  for (let i = q - 1; i >= g; i--) {
    const e = tracePrefix(s, i);
    if (e !== -1) return e;
  }
  return -1;
}
