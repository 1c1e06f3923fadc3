/**
 * Which refs of a repository are the trees' branches: a remote whose URL is
 * the tree's repository on git.kernel.org (any scheme, any mirror host), a
 * remote named after the tree, or a ref the user configured. Only names are
 * derived here; git-facts asks git which of them exist.
 */

/** The tree repositories, by the end of their path, and the branch the netdev CI applies to. */
const TREE_REPOSITORIES: readonly { readonly tree: string; readonly path: RegExp; readonly branch: string }[] = [
  { tree: 'bpf', path: /\/bpf\/bpf(?:\.git)?\/?$/, branch: 'master' },
  { tree: 'bpf-next', path: /\/bpf\/bpf-next(?:\.git)?\/?$/, branch: 'master' },
  { tree: 'net', path: /\/netdev\/net(?:\.git)?\/?$/, branch: 'main' },
  { tree: 'net-next', path: /\/netdev\/net-next(?:\.git)?\/?$/, branch: 'main' },
];

/** A ref name we pass to git: under refs/, no option-like, parent-escaping or odd characters. */
export const SAFE_REF = /^refs\/(?!.*\.\.)(?!.*\/\.)[A-Za-z0-9._/+-]{1,200}$/;

/**
 * The candidate refs of each tree, best first: the configured one, then
 * remote-tracking branches of remotes whose URL is the tree's, then of a
 * remote named like the tree. `remotes` maps remote names to their URLs.
 */
export function treeRefCandidates(remotes: ReadonlyMap<string, string>, configured: Readonly<Record<string, string>> = {}): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (tree: string, ref: string) => {
    if (!SAFE_REF.test(ref)) return;
    const list = out.get(tree) ?? [];
    if (!list.includes(ref)) list.push(ref);
    out.set(tree, list);
  };
  for (const [tree, ref] of Object.entries(configured)) add(tree.toLowerCase(), ref);
  for (const { tree, path, branch } of TREE_REPOSITORIES) {
    for (const [remote, url] of remotes) if (path.test(url.trim())) add(tree, `refs/remotes/${remote}/${branch}`);
    if (remotes.has(tree)) add(tree, `refs/remotes/${tree}/${branch}`);
  }
  return out;
}

/** Remote names and URLs from `git config -z --get-regexp '^remote\..*\.url$'` entries. */
export function remotesOf(entries: readonly (readonly [string, string])[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, url] of entries) {
    const name = key.slice('remote.'.length, -'.url'.length);
    if (name && !out.has(name)) out.set(name, url);
  }
  return out;
}
