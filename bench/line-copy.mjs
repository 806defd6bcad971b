// The baseline for the annotate benchmark: copy a file to stdout line by line with readline.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const rl = createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity });
const out = [];
let size = 0;
for await (const line of rl) {
  out.push(line, '\n');
  size += line.length + 1;
  if (size > 65536) {
    process.stdout.write(out.join(''));
    out.length = 0;
    size = 0;
  }
}
process.stdout.write(out.join(''));
