// Writes man/vmcs.1 from the command definitions (`vmcs completion man`), at build time:
// the page documents exactly the options commander accepts. Run by `npm run build`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { runCli } = await import(new URL('../dist/cli/main.js', import.meta.url).href);
let text = '';
const stdout = new PassThrough();
stdout.on('data', (d) => (text += d));
const stderr = new PassThrough();
stderr.on('data', (d) => process.stderr.write(d));
const code = await runCli(['node', 'vmcs', 'completion', 'man'], { stdin: new PassThrough(), stdout, stderr, env: { ...process.env, NO_COLOR: '1' } });
if (code !== 0 || !text.startsWith('.\\"')) {
  console.error(`build-man: vmcs completion man failed (status ${code})`);
  process.exit(1);
}
mkdirSync(`${root}/man`, { recursive: true });
writeFileSync(`${root}/man/vmcs.1`, text);
