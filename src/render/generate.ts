/**
 * The English for `vmcs generate` diagnostics (the library returns codes and arguments).
 */
import type { GenerateDiagnostic } from '../generate/index.js';

const REASONS: Record<string, string> = {
  'invalid-characters': 'characters the language does not allow',
  'leading-digit': 'an identifier cannot start with a digit',
  keyword: 'a keyword of the language',
  collision: 'the name is already taken in this scope',
};

export function generateMessage(d: GenerateDiagnostic): string {
  const a = d.args;
  if (d.code === 'fallback-names') {
    const list = (a.fields as readonly string[]) ?? [];
    const shown = list.slice(0, 8).join(', ') + (list.length > 8 ? `, ... (${list.length - 8} more)` : '');
    return `${a.count} field encoding${a.count === 1 ? '' : 's'} have no ${a.names} name and keep the canonical name, said so in a comment: ${shown}`;
  }
  if (d.code === 'wide-layouts-left-out') {
    return `${a.count} layout${a.count === 1 ? '' : 's'} of in-memory structures wider than 64 bits left out (no 64-bit mask holds them): ${((a.layouts as readonly string[]) ?? []).join(', ')}`;
  }
  return `${a.from} is written ${a.to} (${REASONS[String(a.reason)] ?? a.reason}; scope ${a.scope})`;
}
