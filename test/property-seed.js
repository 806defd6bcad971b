// The seed of every fast-check property in `npm test` (imported by each test file that has
// properties): fixed, so that the suite gives the same answer on every run and in CI. A property
// that finds a bug finds it on every run, and the bug is fixed with its case as a table row.
// `FC_SEED=<n> npm test` runs them from another seed; `FC_SEED=random` from a new one each run
// (fast-check prints the seed of a failure). `npm run fuzz` keeps looking with random seeds.
import fc from 'fast-check';

const env = process.env.FC_SEED;
if (env !== 'random') fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: env === undefined || env === '' ? 20261203 : Number(env) });
