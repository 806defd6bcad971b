// Loaded with `node --import` by bench.js: reports the process's peak memory on exit.
process.on('exit', () => {
  process.stderr.write(`\nmaxrss-kb=${process.resourceUsage().maxRSS}\n`);
});
