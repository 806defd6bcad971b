/** Column widths for the renderers (no colour, nothing to load). */
/** The largest of `min` and `len(item)` over the items; a loop, not Math.max(...spread), which overflows the stack past about 120,000 items. */
export function widest<T>(min: number, items: readonly T[], len: (item: T) => number): number {
  let w = min;
  for (const x of items) w = Math.max(w, len(x));
  return w;
}
