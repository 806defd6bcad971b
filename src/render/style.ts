/**
 * Colour: the renderers paint by role (an encoding, a name, a value, an error...), and
 * this file maps roles to chalk styles. chalk is loaded only when colour is on, so pipes
 * and CI scripts do not pay for it.
 *
 * Policy: --no-color (or --color=never) wins, then --color=always, then FORCE_COLOR, then
 * NO_COLOR, then "is it a terminal" (--color=auto, the default).
 */
export interface Style {
  encoding(s: string): string;
  name(s: string): string;
  value(s: string): string;
  bad(s: string): string;
  note(s: string): string;
  heading(s: string): string;
  group(s: string): string;
  error(s: string): string;
  warning(s: string): string;
}

const id = (s: string): string => s;
export const plain: Style = { encoding: id, name: id, value: id, bad: id, note: id, heading: id, group: id, error: id, warning: id };

export type ColorLevel = 0 | 1 | 2 | 3;

/** When to colour, as ripgrep and git spell it: `--color=auto|always|never`. */
export type ColorWhen = 'auto' | 'always' | 'never';

export function colorLevel(stream: { isTTY?: boolean }, env: Record<string, string | undefined>, noColor: boolean, when: ColorWhen = 'auto'): ColorLevel {
  if (noColor || when === 'never') return 0;
  if (when === 'always') {
    const n = Number(env.FORCE_COLOR);
    if (n >= 1 && n <= 3) return n as ColorLevel;
    if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
    return env.TERM && /-256(color)?$/i.test(env.TERM) ? 2 : 1;
  }
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '' || force === 'true') return 1;
    if (force === '1' || force === '2' || force === '3') return Number(force) as ColorLevel;
    // 0, false, no, off, or anything else that is not a level: off (never on by mistake)
    if (!/^(?:yes|on|always)$/i.test(force)) return 0;
    return 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (!stream.isTTY || env.TERM === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  return env.TERM && /-256(color)?$/i.test(env.TERM) ? 2 : 1;
}

export async function makeStyle(level: ColorLevel): Promise<Style> {
  if (level === 0) return plain;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level });
  return {
    encoding: (s) => c.cyan(s),
    name: (s) => c.bold(s),
    value: (s) => c.yellow(s),
    bad: (s) => c.red.bold(s),
    note: (s) => c.dim(s),
    heading: (s) => c.bold.underline(s),
    group: (s) => c.magenta.bold(s),
    error: (s) => c.red.bold(s),
    warning: (s) => c.yellow.bold(s),
  };
}

