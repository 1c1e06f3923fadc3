/**
 * Array helpers that hold for any length. `a.push(...b)` and `Math.max(...b)`
 * pass every element as an argument, and past about a hundred thousand (a To:
 * of 200,000 addresses, 130,000 Fixes lines) the call overflows the stack.
 */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let best = empty;
  for (const v of values) if (v > best) best = v;
  return best;
}

export function minOf(values: Iterable<number>, empty = Infinity): number {
  let best = empty;
  for (const v of values) if (v < best) best = v;
  return best;
}
