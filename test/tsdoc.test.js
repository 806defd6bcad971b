// Every export of the library's entry (src/index.ts, which becomes dist/index.d.ts) has a doc
// comment (TSDoc), so an editor shows what it is: functions, classes, types, interfaces, consts.
// Read with the TypeScript compiler API over the sources, following re-exports to the declaration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** [exported name, where it is declared] of every export of src/index.ts with no doc comment. */
function undocumented(entry) {
  const program = ts.createProgram([entry], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const checker = program.getTypeChecker();
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)));
  const missing = [];
  for (const exp of exports) {
    const target = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
    const decls = target.getDeclarations() ?? [];
    // a const's comment sits on its statement (`/** ... */ export const x = ...`), which getJSDocCommentsAndTags finds
    const documented = decls.some((d) => ts.getJSDocCommentsAndTags(d).some((j) => (ts.isJSDoc(j) ? ts.getTextOfJSDocComment(j.comment) ?? '' : '').trim().length > 0));
    if (!documented) missing.push(`${exp.name} (${decls.map((d) => `${d.getSourceFile().fileName.slice(ROOT.length)}:${d.getSourceFile().getLineAndCharacterOfPosition(d.getStart()).line + 1}`).join(', ') || 'no declaration'})`);
  }
  return { missing, count: exports.length };
}

test('every export of the library has a doc comment', () => {
  const { missing, count } = undocumented(`${ROOT}src/index.ts`);
  assert.ok(count > 150, `the entry exports ${count} names`);
  assert.deepEqual(missing, []);
});

test('the check finds an export without a doc comment (so the test above can fail)', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'vmcs-tsdoc-'));
  try {
    writeFileSync(join(dir, 'a.ts'), '/** documented */\nexport function a(): number { return 1; }\nexport function b(): number { return 2; }\n/** a type */\nexport type T = number;\nexport interface I { x: number }\n');
    writeFileSync(join(dir, 'index.ts'), "export { a, b } from './a.js';\nexport type { T, I } from './a.js';\n");
    const { missing } = undocumented(join(dir, 'index.ts'));
    assert.deepEqual(missing.map((m) => m.split(' ')[0]), ['b', 'I']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
