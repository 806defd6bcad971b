/**
 * The page's one script. On the page it draws the page and makes its worker from its own
 * text; in that worker (no document) it runs the library.
 */
import { workerMain } from './engine.js';
import { pageMain } from './page.js';

if (typeof document === 'undefined') workerMain(globalThis as unknown as Parameters<typeof workerMain>[0]);
else {
  // Read now: currentScript is set only while the script first runs.
  const source = document.currentScript?.textContent ?? '';
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => pageMain(source));
  else pageMain(source);
}
