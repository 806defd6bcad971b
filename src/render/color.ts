/**
 * Colour policy: --no-color wins, then FORCE_COLOR, then NO_COLOR, then "is it a terminal".
 */
import { Chalk, supportsColor, supportsColorStderr, type ChalkInstance } from 'chalk';

export function colorLevel(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, noColor: boolean, isStderr = false): 0 | 1 | 2 | 3 {
  if (noColor) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '' || force === 'true') return 1;
    if (force === 'false' || force === '0') return 0;
    const n = Number(force);
    return n >= 3 ? 3 : n >= 2 ? 2 : 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (!stream.isTTY || env.TERM === 'dumb') return 0;
  const detected = isStderr ? supportsColorStderr : supportsColor;
  return detected ? detected.level : 1;
}

export function makeChalk(level: 0 | 1 | 2 | 3): ChalkInstance {
  return new Chalk({ level });
}
