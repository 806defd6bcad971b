/**
 * The width human output is fitted to: `--width N` (list: `--columns N`; 0: never wrap), else
 * the terminal's width when standard output is a terminal (COLUMNS when the terminal does not
 * say, then 80), else no limit: pipes and files get whole lines for grep.
 */
import type { CommonOptions } from './io.js';

export function outputWidth(o: Pick<CommonOptions, 'width' | 'columns'>, stream: { isTTY?: boolean; columns?: number }, env: Record<string, string | undefined>): number {
  const given = typeof o.width === 'number' ? o.width : o.columns;
  if (given !== undefined) return given === 0 ? Infinity : given;
  if (!stream.isTTY) return Infinity;
  if (stream.columns && stream.columns > 0) return stream.columns;
  const env_ = Number(env.COLUMNS);
  return Number.isInteger(env_) && env_ > 0 ? env_ : 80;
}

/** A function fitting human output to the width `o` and standard output ask for. */
export async function fitter(o: Pick<CommonOptions, 'width' | 'columns'>, io: { stdout: { isTTY?: boolean; columns?: number }; env: Record<string, string | undefined> }): Promise<(s: string) => string> {
  const width = outputWidth(o, io.stdout, io.env);
  if (!Number.isFinite(width)) return (s) => s;
  const { fitText } = await import('../render/wrap.js');
  return (s) => fitText(s, width);
}
