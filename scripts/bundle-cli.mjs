// npm run build (after tsc and embed-fields): the command line (dist/cli/main.js and everything it
// can reach, commander and chalk included) becomes one CommonJS script, a bundle (and explain,
// annotate and check one each, with their own command only; the table beside them), which
// bin/vmcs.js compiles with node:vm and a V8 code cache, so that a run resolves, reads and compiles
// one file instead of ~100 ES modules (Node 20 has no compile cache of its own; see ARCHITECTURE.md,
// "Start-up"). The library (dist/index.js) stays as tsc writes it.
//
// Every ES module of dist/ becomes a function run on its first import, as esbuild bundles them: a
// command still runs only its own modules' code. Then each command named in WARM_UP is run once
// through bin/vmcs.js, which writes the code cache of that command (dist/cli/bundle/cache/), so that
// the package ships with them; a command not warmed up here writes its cache on its first run.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lazyRegexes } from './lazy-regexes.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}dist/cli/`;
const out = `${cli}bundle/`;
rmSync(out, { recursive: true, force: true });

// The table, outside the script: dist/cli/bundle/table.dat holds the JSON text of each part of
// fields.json (each entry of layouts, enums and layoutDecisions apart, each other section whole),
// of the name index and of the title index, one after the other. In main.js, the modules
// dist/table/{fields,names,titles}-data.js become reads of the parts a run uses (at their offsets,
// parsed on first use): the script and its code caches no longer carry ~480 KB of JSON text that
// every run read, and a run parses only the layouts it decodes with.
const TABLE = 'table.dat';
const PER_ENTRY = new Set(['layouts', 'enums', 'layoutDecisions']);
const table = JSON.parse(readFileSync(`${root}fields.json`, 'utf8'));
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const parts = [];
const part = (value) => {
  parts.push(JSON.stringify(value).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return parts.length - 1;
};
// fields.json's shape, each part as its number: [[key, part] or [key, [[entry key, part]...]]...]
// `fields` is not one part: each entry is a part of its own, and what decoding reads of them all
// (name, title, high.title, layout, layoutMask: src/table/data.ts `core`) one more, so that a run
// that decodes a dump reads no alias, note or SDM reference (`fields` whole, `fieldsAll`, is the
// entries made one by one, the same objects).
const fieldsShape = Object.entries(table).map(([k, v]) =>
  k === 'fields' ? [k, 'fieldsAll'] : [k, PER_ENTRY.has(k) ? Object.entries(v).map(([e, x]) => [e, part(x)]) : part(v)],
);
const entryParts = table.fields.map((e) => part(e));
const corePart = part(
  table.fields.map((e) => {
    const c = { name: e.name, title: e.title };
    if (e.high) c.high = { title: e.high.title };
    if (e.layout !== undefined) c.layout = e.layout;
    if (e.layoutMask !== undefined) c.layoutMask = e.layoutMask;
    return c;
  }),
);
const fieldEncodings = table.fields.flatMap((e) => [parseInt(e.encoding, 16), e.high ? parseInt(e.high.encoding, 16) : 0]);
const namesPart = part((await import(`${root}dist/table/names-data.js`)).default());
const titlesPart = part((await import(`${root}dist/table/titles-data.js`)).default);
const offsets = [];
let at = 0;
for (const text of parts) {
  offsets.push(at, text.length);
  at += text.length;
}
mkdirSync(out, { recursive: true });
writeFileSync(`${out}${TABLE}`, parts.join(''));
// The module that reads them (CommonJS inside the bundle: __dirname is dist/cli/, see bin/vmcs.js).
const tableReader = `const fs = require('node:fs');
const offsets = ${JSON.stringify(offsets)};
let whole;
/**
 * Part n of ${TABLE}, parsed. The file is read whole, once, at the first part a run uses: a run
 * of annotate or check on one dump uses ~30 parts, and a read of each cost more than the file.
 */
function read(n) {
  whole ??= fs.readFileSync(require('node:path').join(__dirname, 'bundle', ${JSON.stringify(TABLE)}));
  const at = offsets[2 * n];
  const end = at + offsets[2 * n + 1];
  if (end > whole.length) throw new Error('${TABLE}: cut short');
  return JSON.parse(whole.latin1Slice(at, end));
}
const parsed = [];
/** Part n, read and parsed on first use: the same object ever after. */
const part = (n) => (parsed[n] ??= read(n));
module.exports = { read, part };
`;
// fields.json as an object literal of getters, in the table's order (V8 builds it from one
// boilerplate; defining ~200 accessors one by one cost more than the parts a run reads).
const literal = (shape) =>
  `{${shape.map(([key, p]) => (typeof p === 'number' || typeof p === 'string' ? `get ${JSON.stringify(key)}() { return ${typeof p === 'number' ? `part(${p})` : `${p}()`}; }` : `${JSON.stringify(key)}: ${literal(p)}`)).join(', ')}}`;
// the entries of `fields`, each read and parsed on first use; core: what decoding reads of all
const fieldsModule = `import { part } from 'vmcs-table';
const entryParts = ${JSON.stringify(entryParts)};
export const encodings = ${JSON.stringify(fieldEncodings)};
export const entry = (i) => part(entryParts[i]);
let cores;
export const core = (i) => (cores ??= part(${corePart}))[i];
let all;
const fieldsAll = () => (all ??= entryParts.map((_, i) => entry(i)));
export default ${literal(fieldsShape)};`;
const tableModules = {
  'fields-data.js': fieldsModule,
  'names-data.js': `import { part } from 'vmcs-table'; export default () => part(${namesPart});`,
  'titles-data.js': `import { read } from 'vmcs-table'; export default read(${titlesPart});`,
};
const tablePlugin = {
  name: 'table-outside',
  setup(b) {
    b.onResolve({ filter: /^vmcs-table$/ }, () => ({ path: 'vmcs-table', namespace: 'vmcs' }));
    b.onLoad({ filter: /^vmcs-table$/, namespace: 'vmcs' }, () => ({ contents: tableReader, loader: 'js' }));
    b.onLoad({ filter: /[\\/]dist[\\/]table[\\/](fields|names|titles)-data\.js$/ }, (args) => ({
      contents: tableModules[args.path.replace(/^.*[\\/]/, '')],
      loader: 'js',
    }));
  },
};

// A bundle of one command: the CLI with that command's module only (each other command's
// import() in commands/index.js and main.js becomes a rejection no run of it reaches: program.ts
// loads the command being run only). What a run reads and compiles is then its own code.
const onlyCommand = (name) => ({
  name: 'only-command',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]cli[\\/](commands[\\/]index|main)\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const cut = text.replace(/import\('\.\/(?:commands\/)?([a-z]+)\.js'\)/g, (m, c) =>
        c === name || c === 'program' ? m : `Promise.reject(new Error('vmcs: the ${name} bundle has no ${c} command'))`,
      );
      return { contents: cut, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
});

// main.js: every command; fast.js: plain `vmcs encode NAME...` and `vmcs decode ENC...`
// (src/cli/fast.ts), over the build's indexes alone (in the script: it needs both whole);
// <command>.js for the commands of APART (bin/vmcs.js runs a command from its own bundle when
// there is one).
const APART = ['explain', 'annotate', 'check'];
await bundle(`${cli}main.js`, `${out}main.js`, [tablePlugin]);
for (const name of APART) await bundle(`${cli}main.js`, `${out}${name}.js`, [tablePlugin, onlyCommand(name)]);
await bundle(`${cli}fast.js`, `${out}fast.js`, []);

async function bundle(entry, outfile, extraPlugins) {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    // ASCII only, so that bin/vmcs.js reads the script as latin1 (no UTF-8 decoding).
    charset: 'ascii',
    // Every run reads the whole script (~9 ms a MB here): no indentation or line breaks, a
    // quarter less to read. Names stay (and with them test/cli-lazy.test.js's module names).
    minifyWhitespace: true,
    // import() of a built-in becomes require(): a vm.Script has no module loader to import with.
    supported: { 'dynamic-import': false },
    // The file is one function expression, (function (exports, require, module, __filename, __dirname,
    // __vmcs_cli) {...}), that bin/vmcs.js compiles as a vm.Script and calls (__vmcs_cli: a module's
    // path relative to dist/cli/ to its file: URL).
    banner: { js: '(function (exports, require, module, __filename, __dirname, __vmcs_cli) {' },
    footer: { js: '})' },
    metafile: true,
    logLevel: 'warning',
    plugins: [
      ...extraPlugins,
      {
        // A module's import.meta.url, which a CommonJS script has not: its own URL, which
        // __vmcs_cli(rel) makes from the URL of dist/cli/ (bin/vmcs.js passes that function to the
        // script: node:url is loaded, and a URL built, only by a run that asks for one).
        // The version that --version prints (io.js reads it from package.json) is written into
        // the script: the package.json beside the bundle is the one it was built with.
        name: 'import-meta-url',
        setup(b) {
          b.onLoad({ filter: /[\\/]dist[\\/].*\.js$/ }, (args) => {
            let text = readFileSync(args.path, 'utf8');
            if (!text.includes('import.meta')) return undefined;
            if (/[\\/]dist[\\/]cli[\\/]io\.js$/.test(args.path)) {
              const read = "JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version";
              if (!text.includes(read)) throw new Error('bundle-cli: dist/cli/io.js no longer reads the version as expected');
              text = text.replace(read, JSON.stringify(version));
            }
            const rel = relative(cli, args.path).split('\\').join('/');
            return { contents: lazyRegexes(text.replaceAll('import.meta.url', `__vmcs_cli(${JSON.stringify(rel)})`)), loader: 'js', resolveDir: dirname(args.path) };
          });
        },
      },
      {
        // commander requires node:child_process at load (for executable subcommands, which vmcs has
        // none of): ~10 % of a start-up. It gets it on first use instead.
        name: 'lazy-child-process',
        setup(b) {
          b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
            /[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'vmcs' } : undefined,
          );
          b.onLoad({ filter: /^lazy-child-process$/, namespace: 'vmcs' }, () => ({
            contents: `let m; const get = () => (m ??= require('node:child_process'));
  module.exports = new Proxy({}, { get: (_, k) => get()[k], has: (_, k) => k in get() });`,
            loader: 'js',
          }));
        },
      },
      {
        // every other module of dist/: its regular expression constants made on first use (lazyRegexes)
        name: 'lazy-regexes',
        setup(b) {
          b.onLoad({ filter: /[\\/]dist[\\/].*\.js$/ }, (args) => {
            const text = readFileSync(args.path, 'utf8');
            const lazy = lazyRegexes(text);
            return lazy === text ? undefined : { contents: lazy, loader: 'js', resolveDir: dirname(args.path) };
          });
        },
      },
    ],
  });
  // esbuild escapes strings, not regular expression literals and comments: \uXXXX means the same there.
  const text = readFileSync(outfile, 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // The first line names the build (16 hex digits of the text's SHA-256), and bin/vmcs.js names the
  // code caches after it: V8 checks a cache against the length of the source only.
  writeFileSync(outfile, `// ${createHash('sha256').update(text).digest('hex').slice(0, 16)}\n${text}`);
  if (/\bimport\s*\(|import\.meta/.test(text.replace(/\/\/.*$/gm, ''))) throw new Error('bundle-cli: a bundle still holds import() or import.meta');
  const external = Object.values(r.metafile.outputs)[0].imports.filter((i) => i.external && !/^node:|^(fs|path|os|tty|events|process|util|url|child_process|stream|v8|vm)$/.test(i.path));
  if (external.length > 0) throw new Error(`bundle-cli: not bundled: ${external.map((i) => i.path).join(', ')}`);
}

// Code caches: one run of each command as users most often run it.
const sample = `${root}test/fixtures/samples/02-kvm-5.x-dosemu2-core2duo-dmesg.txt`;
// (Each cache is 0.1-1 MB; the other commands and options write theirs on first use.)
const WARM_UP = [
  ['encode', 'GUEST_RIP'],
  ['encode', 'GUEST_RIPX'],
  ['decode', '0x6800'],
  ['decode', '0x6801'],
  ['explain', 'EXIT_REASON', '0x80000021'],
  ['annotate', sample],
  ['check', sample],
  ['caps', 'i7-9750h'],
  ['list', 'guest'],
  ['--help'],
];
const env = { ...process.env, NO_COLOR: '1' };
delete env.NODE_OPTIONS;
for (const args of WARM_UP) {
  const run = spawnSync(process.execPath, [`${root}bin/vmcs.js`, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (run.status === null || run.status > 3) throw new Error(`bundle-cli: vmcs ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
}
