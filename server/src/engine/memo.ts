/**
 * Tables that remember answers across documents for the life of the process:
 * a trailer key's intended spelling, the MAINTAINERS sections of a path. They
 * are caches only (clearing one changes no answer, only the time the next one
 * takes), and they are made here so that tests can clear them all before each
 * test: mutation testing switches code between tests in one process, and an
 * answer remembered from an earlier test hid every mutant of trailer-syntax's
 * misspelling search (89 "survivors" its fixtures did kill).
 */
const clears: (() => void)[] = [];

/** A Map that clearMemoTables empties. */
export function memoTable<K, V>(): Map<K, V> {
  const table = new Map<K, V>();
  clears.push(() => table.clear());
  return table;
}

export interface WeakMemo<K extends object, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
}

/** A WeakMap (which cannot be cleared) that clearMemoTables replaces. */
export function weakMemoTable<K extends object, V>(): WeakMemo<K, V> {
  let table = new WeakMap<K, V>();
  clears.push(() => {
    table = new WeakMap<K, V>();
  });
  return {
    get: (key) => table.get(key),
    set: (key, value) => {
      table.set(key, value);
    },
  };
}

/** Forgets everything every memo table remembers. */
export function clearMemoTables(): void {
  for (const clear of clears) clear();
}
