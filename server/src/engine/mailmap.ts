/**
 * A repository's `.mailmap` (see gitmailmap(5)): which addresses are one
 * person's. get_maintainer.pl maps the addresses it asks for through it, and
 * the netdev CI counts a recipient as reached when any address of the same
 * person is in To/Cc; both need "who is this address" answered the same way.
 */

export interface Mailmap {
  /** The address `email` is known as (lower case): the proper one its line maps it to, else itself. */
  canonical(email: string): string;
  /** Every address of the person `email` belongs to, itself included (lower case). */
  addressesOf(email: string): ReadonlySet<string>;
}

const ADDRESS = /<([^<>\s]*)>/g;

export function parseMailmap(text: string): Mailmap {
  const proper = new Map<string, string>();
  const people = new Map<string, Set<string>>();
  // The smaller person goes into the larger: linear overall, whatever order a hostile file is in.
  const join = (a: string, b: string) => {
    let x = people.get(a);
    if (!x) people.set(a, (x = new Set([a])));
    let y = people.get(b);
    if (!y) people.set(b, (y = new Set([b])));
    if (x === y) return;
    if (x.size < y.size) [x, y] = [y, x];
    for (const e of y) {
      x.add(e);
      people.set(e, x);
    }
  };
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*$/, '');
    const emails = [...line.matchAll(ADDRESS)].map((m) => m[1].toLowerCase()).filter((e) => e !== '');
    // One address: a name fix only. Two: the second (as commits have it) is the first (the proper one).
    if (emails.length < 2) continue;
    const [to, from] = emails;
    if (!proper.has(from)) proper.set(from, to);
    join(to, from);
  }
  return {
    canonical: (email) => proper.get(email.toLowerCase()) ?? email.toLowerCase(),
    addressesOf: (email) => people.get(email.toLowerCase()) ?? new Set([email.toLowerCase()]),
  };
}

export const NO_MAILMAP: Mailmap = parseMailmap('');
