// Used by scripts/bundle-cli.mjs (and test/startup-work.test.js).
// Regular expressions made on first use: V8 parses a regular expression when it is made, and a
// module's `const NAME_RE = /.../;` is made when the module loads, for every run, whether or not
// the run tests a line with it (~120 in the annotate bundle, most of them of dialects the run never
// meets: ~20 K instructions each). In the bundles, a module's own (not exported) `const NAME = /.../flags;`
// line becomes `let NAME$re;`, and each use of NAME `(NAME$re ??= /.../flags)`: the same one object,
// made where it is first used. Uses in comments are left as they are; a name used any other way
// than as a plain identifier (a property key, a shorthand property, shadowed) keeps its constant.
const REGEX_CONST = /^const ([A-Z][A-Z0-9_]*) = (\/(?:[^/\\\n[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+\/[dgimsuy]*);$/;
export function lazyRegexes(text) {
  const lines = text.split('\n');
  const code = (line) => !/^\s*(?:\/\/|\/\*|\*)/.test(line);
  for (let i = 0; i < lines.length; i++) {
    const m = REGEX_CONST.exec(lines[i]);
    if (!m) continue;
    const [, name, literal] = m;
    const use = new RegExp(`(^|[^\\w$.])${name}(?![\\w$])`, 'g');
    // every use: an identifier in code, never a key (`NAME:`), a shorthand (`{ NAME }`), a declaration or in a string
    const plain = lines.every((line, j) => {
      if (j === i || !code(line)) return true;
      for (const u of line.matchAll(use)) {
        const after = line.slice(u.index + u[0].length);
        const before = line.slice(0, u.index + u[1].length);
        // a key (`NAME:`), an assignment or arrow parameter (`NAME =`, `NAME =>`), a shorthand (`{ NAME }`)
        if (/^\s*(?::|=(?!=)|\})/.test(after)) return false;
        // a parameter (`(a, NAME) =>`, `function f(NAME) {`)
        if (/^[\w$\s,]*\)\s*(?:=>|\{)/.test(after)) return false;
        if (/(?:let|const|var|function|class)\s+$|[{,]\s*$|['"`]/.test(before)) return false;
      }
      return true;
    });
    if (!plain) continue;
    lines[i] = `let ${name}$re;`;
    for (let j = 0; j < lines.length; j++) if (j !== i && code(lines[j])) lines[j] = lines[j].replace(use, (_, pre) => `${pre}(${name}$re ??= ${literal})`);
  }
  return lines.join('\n');
}
