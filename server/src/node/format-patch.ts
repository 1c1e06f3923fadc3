/**
 * `git format-patch` done the BPF way, for the CLI and the editor alike: the
 * commits since the upstream branch, the tree in the subject prefix, a cover
 * letter for more than one patch, --base, recipients from MAINTAINERS, a
 * folder per version, the previous version's blurb and a range-diff carried
 * over. Nothing is written unless every check passes, and no file is ever
 * overwritten. Git runs through simple-git with argument arrays, never a shell.
 */
import { existsSync, linkSync, lstatSync, statSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { readRegularFile } from './bounded-read';
import { dirname, join, relative } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { driverNeutralisers, NO_CONVERSION, safeGit } from './safe-git';
import { maxOf, pushAll } from '../engine/arrays';
import { knownTrees } from '../engine/config';
import { mailmapOf, maintainersOf } from './maintainers-file';
import { NO_MAILMAP } from '../engine/mailmap';
import { formatMailbox } from '../engine/parse/headers';
import { blamedFor } from '../rules/fixes-author-not-cc';
import { carryOverCoverLetter, chooseTree, fixTargetId, nextVersion, readCoverLetter, recipients, singlePatchChanges, subjectPrefix, type FixTarget, type PlannedCommit, type TreeChoice } from '../engine/series-plan';
import { GitRepository, SAFE_SHA } from './git-facts';
import type { LintConfig } from '../engine/types';

export class FormatPatchError extends Error {}

/** The refusal for a series b4 prep manages: the editor offers to check what b4 would send instead (node/b4-send.ts). */
export class B4OwnsError extends FormatPatchError {}

/** The refusal for uncommitted changes; the CLI names its option to go ahead anyway. */
export class DirtyTreeError extends FormatPatchError {}

/** A revision or range as the user may give it: no option-like or whitespace-holding words. */
const SAFE_REV = /^(?!-)[^\s\0]+$/;
/** An address for --to/--cc: `Name <a@b>` or `a@b`, one line, not option-like. */
const SAFE_ADDRESS = /^(?!-)[^\0\r\n<>]*(?:<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;
const FULL_SHA = /^[0-9a-f]{40}$/;

export interface SeriesPlan {
  readonly top: string;
  /** The checked-out branch (undefined on a detached HEAD). */
  readonly branch?: string;
  /** The branch's upstream (`origin/bpf-next`), when it has one: what maintainers apply on. */
  readonly upstream?: string;
  /** What is formatted, `from..to`. */
  readonly from: string;
  readonly to: string;
  /** The commit the series applies to (for --base). */
  readonly base: string;
  /** Oldest first. */
  readonly commits: readonly PlannedCommit[];
  readonly suggestedTree: 'bpf' | 'bpf-next';
  /** Why that tree, and Fixes tags that name commits of the series itself. */
  readonly treeChoice: TreeChoice;
  /** The folder holding one subfolder per version (`v1`, `v2`...). */
  readonly root: string;
  readonly versions: readonly number[];
  readonly nextVersion: number;
}

export interface PlanOptions {
  /** `A..B`, or one revision meaning `rev..HEAD`; default: the upstream branch..HEAD. */
  readonly range?: string;
  /** The folder of version folders; default `<top>/patches/<branch>`. */
  readonly outDir?: string;
}

export interface FormatOptions {
  readonly tree: string;
  readonly version: number;
  readonly rfc?: boolean;
  /** A cover letter even for a single patch (always one for more). */
  readonly coverLetter?: boolean;
  /** Format even though tracked files have uncommitted changes. */
  readonly allowDirty?: boolean;
  /** Only these commits (a contiguous run of the plan's, e.g. picked in the editor). */
  readonly commits?: readonly string[];
  readonly config: LintConfig;
  /** Words between PATCH and the tree (`RESEND`). */
  readonly prefixWords?: readonly string[];
  /** More recipients, as git format-patch --to/--cc take them. */
  readonly to?: readonly string[];
  readonly cc?: readonly string[];
  /** git format-patch --in-reply-to, --thread[=style], -N, --signoff, --notes[=ref], --base. */
  readonly inReplyTo?: string;
  readonly thread?: 'shallow' | 'deep';
  readonly noNumbered?: boolean;
  readonly signoff?: boolean;
  /** '' for the default notes ref. */
  readonly notes?: string;
  /** The base commit to record instead of the merge base with the upstream. */
  readonly base?: string;
}

export interface FormatResult {
  readonly dir: string;
  /** Absolute paths, in series order. */
  readonly files: readonly string[];
  readonly version: number;
  readonly tree: string;
  /** The previous version's range the cover letter's range-diff compares with. */
  readonly rangeDiffAgainst?: string;
  /** Whether a cover letter was written with the previous version's title and blurb. */
  readonly carriedOver: boolean;
  /** For v2 and later: no earlier version was found in the folder, so nothing was carried over. */
  readonly noPreviousVersion?: boolean;
  /** The base commit is not in the branch's upstream: maintainers cannot apply the series on it. */
  readonly baseNotUpstream?: { readonly sha: string; readonly subject: string; readonly upstream: string };
  /** format.* settings of the repository's own config that were not applied (`format.headers`...). */
  readonly ignoredRepositoryConfig?: readonly string[];
}

/**
 * What a repository's own config (its .git/config, worktree config or what they
 * include) may not put into mail the user sends: extra headers (a Bcc),
 * recipients, a signature read from any file the user can read, notes. When
 * the repository sets one of these, format-patch is told to discard all of
 * that kind, and the user's own (global, system) values are given again on
 * the command line.
 */
const REPOSITORY_FORMAT_KEYS = ['format.headers', 'format.to', 'format.cc', 'format.signature', 'format.signaturefile', 'format.notes'] as const;

/** Options that undo the repository's own format.* settings, and the names of those settings. */
async function repositoryFormatGuards(g: SimpleGit): Promise<{ args: string[]; ignored: string[] }> {
  const listed = await quiet(g, ['config', '--show-scope', '--get-regexp', '^format\\.(headers|to|cc|signature|signaturefile|notes)$']);
  const entries = (listed ?? '')
    .split('\n')
    .map((line) => /^(\S+)\s+(\S+)(?:\s(.*))?$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ repository: m[1] === 'local' || m[1] === 'worktree', key: m[2].toLowerCase(), value: m[3] ?? '' }));
  const ignored = [...new Set(entries.filter((e) => e.repository).map((e) => e.key))].filter((k) => (REPOSITORY_FORMAT_KEYS as readonly string[]).includes(k)).sort();
  if (ignored.length === 0) return { args: [], ignored };
  const own = (key: string) => entries.filter((e) => !e.repository && e.key === key).map((e) => e.value);
  const args: string[] = [];
  const undo = (keys: string[], discard: string, again: (v: string) => string) => {
    if (!keys.some((k) => ignored.includes(k))) return;
    args.push(discard);
    for (const k of keys) for (const v of own(k)) args.push(again(v));
  };
  undo(['format.headers'], '--no-add-header', (v) => `--add-header=${v}`);
  undo(['format.to'], '--no-to', (v) => `--to=${v}`);
  undo(['format.cc'], '--no-cc', (v) => `--cc=${v}`);
  undo(['format.notes'], '--no-notes', (v) => (v === 'true' ? '--notes' : v === 'false' ? '--no-notes' : `--notes=${v}`));
  if (ignored.includes('format.signature') || ignored.includes('format.signaturefile')) {
    // The user's own signature file, else their signature, else git's default (its version).
    const file = own('format.signaturefile').pop();
    const text = own('format.signature').pop();
    const version = ((await quiet(g, ['--version'])) ?? '').replace(/^git version\s*/, '') || 'git';
    args.push(file !== undefined ? `--signature-file=${file}` : `--signature=${text ?? version}`);
  }
  return { args, ignored };
}

function git(dir: string, config: readonly string[] = []): SimpleGit {
  return safeGit(dir, { timeout: { block: 60_000 }, config });
}

async function quiet(g: SimpleGit, args: string[]): Promise<string | undefined> {
  try {
    return (await g.raw(args)).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Tracked files with changes not committed (staged or not): left out of a series
 * that ends at HEAD, where they are likely meant to be. `git status` reads the
 * work tree through clean filters, whose drivers are switched off.
 */
export async function uncommittedFiles(top: string): Promise<string[]> {
  let out: string;
  try {
    // Not trimmed: a record starts with its status, whose first column may be a space.
    out = await git(top, await driverNeutralisers(top)).raw(['status', '--porcelain', '-z', '--untracked-files=no']);
  } catch {
    return [];
  }
  const paths: string[] = [];
  const records = out.split('\0');
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r.length < 4) continue;
    paths.push(r.slice(3));
    if (r[0] === 'R' || r[0] === 'C') i++; // a rename's or copy's source path follows
  }
  return paths;
}

function versionsIn(root: string): number[] {
  try {
    // Version folders only: a file or pipe named v1 is not a prepared version (format-patch refuses to write there).
    return readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => /^v([1-9]\d*)$/.exec(e.name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

/** Why b4 owns a series, and what still applies: sending with b4, and our checks on what b4 writes. */
function b4Owns(why: string): B4OwnsError {
  return new B4OwnsError(
    `b4 owns this series (${why}): b4 writes its mails, cover letter and recipients. Send it with b4 send; to check it first: b4 send -o DIR --no-sign && bpf-patch-lint DIR (a new DIR: b4 leaves older mails in it)`,
  );
}

/** A branch `b4 prep` manages (it records its cover strategy in the branch's config) is not ours to format. */
async function refuseB4Branch(g: SimpleGit, branch: string | undefined): Promise<void> {
  if (!branch || !/^[\w./-]+$/.test(branch)) return;
  const strategy = await quiet(g, ['config', '--get', `branch.${branch}.b4-prep-cover-strategy`]);
  if (strategy) throw b4Owns(`branch ${branch} is a b4 prep branch`);
}

/** What would be formatted, with the suggestions the editor shows; throws FormatPatchError on anything unusable. */
export async function planSeries(cwd: string, opts: PlanOptions = {}): Promise<SeriesPlan> {
  const g0 = git(cwd);
  const top = await quiet(g0, ['rev-parse', '--show-toplevel']);
  if (!top) throw new FormatPatchError(`${cwd} is not inside a git work tree`);
  const g = git(top);
  const branch = await quiet(g, ['symbolic-ref', '--short', '-q', 'HEAD']);
  const upstream = branch ? await quiet(g, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']) : undefined;
  await refuseB4Branch(g, branch);
  let from: string;
  let to = 'HEAD';
  if (opts.range !== undefined) {
    if (!SAFE_REV.test(opts.range)) throw new FormatPatchError(`"${opts.range}" is not a revision range`);
    const parts = opts.range.split('..');
    if (parts.length > 2 || parts[0] === '' || opts.range.includes('...')) throw new FormatPatchError(`"${opts.range}": give A..B or a single revision (meaning rev..HEAD)`);
    from = parts[0];
    if (parts.length === 2 && parts[1] !== '') to = parts[1];
  } else {
    if (!branch) throw new FormatPatchError('HEAD is detached: give a revision range, e.g. bpf-next/master..HEAD');
    if (!upstream) throw new FormatPatchError(`branch ${branch} has no upstream: give a revision range (e.g. bpf-next/master..HEAD) or set one with git branch --set-upstream-to`);
    from = upstream;
  }
  const fromSha = await quiet(g, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${from}^{commit}`]);
  const toSha = await quiet(g, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${to}^{commit}`]);
  if (!fromSha || !toSha) throw new FormatPatchError(`unknown revision ${!fromSha ? from : to}`);
  const base = await quiet(g, ['merge-base', fromSha, toSha]);
  if (!base) throw new FormatPatchError(`${from} and ${to} have no common history`);
  const listed = await listCommits(top, base, toSha);
  if (listed.length === 0) throw new FormatPatchError(`no commits in ${from}..${to}`);
  // b4's cover letter commit in the range (a b4 branch under another name, or a range given by hand).
  const cover = await quiet(g, ['log', '-1', '--format=%H', '--fixed-strings', '--grep=--- b4-submit-tracking ---', `${base}..${toSha}`, '--']);
  if (cover) throw b4Owns(`${cover.slice(0, 12)} in the range is the cover letter b4 prep keeps as a commit`);
  const commits = await withFixTargets(top, listed);
  const root = opts.outDir ?? join(top, 'patches', (branch ?? 'detached').replace(/[^A-Za-z0-9._-]+/g, '-'));
  const versions = versionsIn(root);
  const treeChoice = chooseTree(commits);
  return { top, branch, upstream, from, to, base, commits, suggestedTree: treeChoice.tree, treeChoice, root, versions, nextVersion: nextVersion(versions) };
}

/**
 * What the repository knows of each commit's Fixes targets: found or not, and
 * whether it shipped in a release (the tree a fix belongs to). One batch for
 * the whole series; a failure leaves the targets unknown.
 */
async function withFixTargets(top: string, commits: readonly PlannedCommit[]): Promise<PlannedCommit[]> {
  const ids = commits.flatMap((c) => c.fixes.map(fixTargetId)).filter((i): i is string => i !== undefined && SAFE_SHA.test(i));
  if (ids.length === 0) return [...commits];
  try {
    const repo = await GitRepository.discover(top);
    if (!repo) return [...commits];
    // One shipped target of the series already says bpf (see chooseTree): no more release checks than that.
    const facts = await repo.facts(ids, { committer: false, kernelHistory: false, maintainers: false, releaseGroups: [ids] });
    const mailmap = mailmapOf(repo.topLevel) ?? NO_MAILMAP;
    return commits.map((c) => ({
      ...c,
      fixTargets: c.fixes.map((value): FixTarget => {
        const id = fixTargetId(value) ?? value;
        const l = facts.commits?.get(id);
        if (l?.status !== 'found') return { id, found: false };
        const people = blamedFor(l.commit, mailmap).map((b) => formatMailbox(b.name, b.email));
        return { id, found: true, sha: l.commit.sha, subject: l.commit.subject, release: l.commit.release, ...(people.length ? { people } : {}) };
      }),
    }));
  } catch {
    return [...commits];
  }
}

/**
 * The commits of `base..head`, oldest first, read so that no commit message can
 * pass for another record: the ids come from rev-list (hex lines only); the
 * subjects and bodies from one log whose fields are NUL-separated (git prints no
 * NUL from a message), each record checked against its id; the files from
 * diff-tree, switching commit only at the next expected id. Splitting on
 * \x1e/\x1f let a message holding them make us format a commit of its choosing.
 */
async function listCommits(top: string, base: string, head: string): Promise<PlannedCommit[]> {
  const g = git(top);
  const shas = (await g.raw(['rev-list', '--reverse', '--no-merges', '--end-of-options', `${base}..${head}`])).split('\n').filter((l) => FULL_SHA.test(l));
  if (shas.length === 0) return [];
  const log = (await g.raw(['log', '--no-walk=unsorted', '-z', '--format=%H%x00%s%x00%b', '--end-of-options', ...shas])).split('\0');
  const texts = new Map<string, { subject: string; body: string }>();
  shas.forEach((sha, k) => {
    const [id, subject, body] = log.slice(3 * k, 3 * k + 3);
    if (id?.replace(/^\n/, '') !== sha) throw new FormatPatchError(`git log answered for another commit than ${sha.slice(0, 12)}; nothing was written`);
    texts.set(sha, { subject: subject ?? '', body: body ?? '' });
  });
  const files = new Map<string, string[]>(shas.map((s) => [s, []]));
  const tree = await safeGit(top, { timeout: { block: 60_000 }, input: shas.join('\n') + '\n' }).raw(['diff-tree', '-r', '-z', '--name-only', '--root', '--no-renames', '--stdin']);
  let at = -1;
  for (const token of tree.split('\0')) {
    if (token === '') continue;
    // A path cannot be a later commit's id: that id depends on this commit's tree.
    if (at + 1 < shas.length && token === shas[at + 1]) {
      at++;
      continue;
    }
    if (at >= 0) files.get(shas[at])!.push(token);
  }
  return shas.map((sha) => {
    const { subject, body } = texts.get(sha)!;
    // The whole body, not just git's trailer block: a Fixes: line one paragraph up still marks a fix.
    const fixes = [...body.matchAll(/^[ \t]*Fixes:[ \t]*(\S.*)$/gim)].map((m) => m[1].trim());
    return { sha, subject, fixes, files: files.get(sha)! };
  });
}

/** The previous version's range (`base..last`) from its files, when git still has those commits. */
async function previousRange(g: SimpleGit, dir: string): Promise<{ range?: string; cover?: string; single?: string }> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.patch')).sort();
  } catch {
    return {};
  }
  // Only regular files are read: a FIFO named like a patch would wait for a writer forever.
  const readable = names.flatMap((n) => {
    try {
      return [{ n, text: readRegularFile(join(dir, n), 64 << 20).bytes.toString('utf8') }];
    } catch {
      return [];
    }
  });
  names = readable.map((r) => r.n);
  const texts = readable.map((r) => r.text);
  const cover = texts.find((_, i) => /(^|-)0000-cover-letter\.patch$/.test(names[i]));
  const single = !cover && texts.length === 1 ? texts[0] : undefined;
  const base = texts.map((t) => /^base-commit: ([0-9a-f]{40})\s*$/m.exec(t)?.[1]).find((b) => b !== undefined);
  const shas = texts.map((t) => /^From ([0-9a-f]{40}) Mon Sep 17 00:00:00 2001/.exec(t)?.[1]).filter((s): s is string => s !== undefined && !/^0+$/.test(s));
  const last = shas[shas.length - 1];
  if (!base || !last || !FULL_SHA.test(base)) return { cover, single };
  for (const sha of [base, last]) if (!(await quiet(g, ['cat-file', '-t', sha]))) return { cover, single };
  return { range: `${base}..${last}`, cover, single };
}

/** What is at `path` when it is there but is not a folder; undefined otherwise. A link is followed only when `follow`. */
function notAFolder(path: string, follow: boolean): string | undefined {
  let st;
  try {
    st = follow ? statSync(path) : lstatSync(path);
  } catch {
    return undefined;
  }
  if (st.isDirectory()) return undefined;
  return st.isSymbolicLink() ? 'a symbolic link' : st.isFile() ? 'a file' : st.isFIFO() ? 'a pipe' : 'not a folder';
}

/** Runs git format-patch for `plan` into `<root>/v<version>`; see FormatOptions. */
export async function formatSeries(plan: SeriesPlan, opts: FormatOptions): Promise<FormatResult> {
  const g = git(plan.top);
  const tree = opts.tree.trim().toLowerCase();
  const trees = knownTrees(opts.config);
  if (!trees.has(tree.toLowerCase())) throw new FormatPatchError(`"${opts.tree}" is not a tree BPF patches go to; use one of ${[...trees].join(', ')} (more with extraTrees)`);
  if (!Number.isInteger(opts.version) || opts.version < 1 || opts.version > 99) throw new FormatPatchError(`version must be a whole number from 1 to 99, not ${opts.version}`);

  let commits = plan.commits;
  if (opts.commits) {
    const wanted = new Set(opts.commits);
    const at = commits.map((c, i) => (wanted.has(c.sha) ? i : -1)).filter((i) => i >= 0);
    if (at.length === 0) throw new FormatPatchError('no commits picked');
    if (at.length !== wanted.size) throw new FormatPatchError('a picked commit is not in the series');
    if (at[at.length - 1] - at[0] + 1 !== at.length) throw new FormatPatchError('pick a run of consecutive commits: a series cannot skip one in the middle');
    commits = commits.slice(at[0], at[at.length - 1] + 1);
  }
  // format-patch's own output committed by a `git add -A` would be mailed inside the series.
  const outRel = relative(plan.top, plan.root).split('\\').join('/');
  const carrying = outRel && !outRel.startsWith('..') ? commits.find((c) => c.files.some((f) => f === outRel || f.startsWith(`${outRel}/`))) : undefined;
  if (carrying) {
    throw new FormatPatchError(
      `commit ${carrying.sha.slice(0, 12)} ("${carrying.subject}") adds files under ${outRel}/, where format-patch writes: remove them from it (git rm -r --cached ${outRel}; echo ${outRel.split('/')[0]}/ >> .git/info/exclude); nothing was written`,
    );
  }
  // git format-patch drops an empty commit without a word, and the numbering would then skip it.
  const empty = commits.find((c) => c.files.length === 0);
  if (empty) throw new FormatPatchError(`commit ${empty.sha.slice(0, 12)} ("${empty.subject}") changes nothing; drop it (git rebase -i) or give it its change; nothing was written`);
  for (const a of [...(opts.to ?? []), ...(opts.cc ?? [])]) {
    if (!SAFE_ADDRESS.test(a)) throw new FormatPatchError(`"${a}" is not an address to pass to --to/--cc`);
  }
  if (opts.inReplyTo !== undefined && !SAFE_REV.test(opts.inReplyTo)) throw new FormatPatchError(`"${opts.inReplyTo}" is not a Message-ID for --in-reply-to`);
  if (opts.base !== undefined && !SAFE_REV.test(opts.base)) throw new FormatPatchError(`"${opts.base}" is not a revision for --base`);
  if (opts.notes !== undefined && opts.notes !== '' && !SAFE_REV.test(opts.notes)) throw new FormatPatchError(`"${opts.notes}" is not a notes ref for --notes`);
  for (const w of opts.prefixWords ?? []) {
    if (!/^[A-Za-z0-9][\w.+-]*$/.test(w)) throw new FormatPatchError(`"${w}" is not a word for the subject prefix`);
  }
  const first = commits[0];
  const last = commits[commits.length - 1];
  const base = first === plan.commits[0] ? plan.base : (await quiet(g, ['rev-parse', `${first.sha}^`]))!;

  // Uncommitted changes matter when the series ends at HEAD: they are likely meant to be in it.
  const head = await quiet(g, ['rev-parse', 'HEAD']);
  // range-diff runs git log -p (textconv): its drivers are switched off.
  const guarded = git(plan.top, await driverNeutralisers(plan.top));
  if (!opts.allowDirty && last.sha === head && (await uncommittedFiles(plan.top)).length > 0) {
    throw new DirtyTreeError('tracked files have uncommitted changes: commit or stash them first');
  }

  const dir = join(plan.root, `v${opts.version}`);
  // Something else where a folder belongs (a file, a FIFO, a link) is refused, never followed or waited on.
  // The root may be a link to where you keep patches; a version folder is written into, so never a link.
  for (const [d, follow] of [[plan.root, true], [dir, false]] as const) {
    const what = notAFolder(d, follow);
    if (what) throw new FormatPatchError(`${relative(plan.top, d) || d} is ${what}, not a folder; nothing was written`);
  }
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new FormatPatchError(`${relative(plan.top, dir) || dir} already holds files; nothing was written (pick another version or move them away)`);
  }
  const previousVersion = maxOf(plan.versions.filter((v) => v < opts.version), 0);
  const recorded = opts.base ?? base;
  let baseNotUpstream: FormatResult['baseNotUpstream'];
  if (plan.upstream) {
    // A base only this clone has (a commit of yours below the range): nobody else can apply the series on it.
    const shared = await quiet(g, ['merge-base', '--end-of-options', recorded, plan.upstream]);
    const full = await quiet(g, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${recorded}^{commit}`]);
    if (full && shared !== full) baseNotUpstream = { sha: full, subject: (await quiet(g, ['log', '-1', '--format=%s', full])) ?? '', upstream: plan.upstream };
  }
  const previous = previousVersion > 0 ? await previousRange(g, join(plan.root, `v${previousVersion}`)) : {};

  const files = [...new Set(commits.flatMap((c) => c.files))];
  const self = await quiet(g, ['config', '--get', 'user.email']);
  const mail = recipients(tree, files, maintainersOf(plan.top), self, commits.flatMap((c) => (c.fixTargets ?? []).flatMap((t) => t.people ?? [])));
  for (const t of opts.to ?? []) if (!mail.to.includes(t)) mail.to.push(t);
  for (const c of opts.cc ?? []) if (!mail.cc.includes(c) && !mail.to.includes(c)) mail.cc.push(c);
  const cover = commits.length > 1 || opts.coverLetter === true;

  // The first folder this call creates (undefined when the root was there): removed again on failure.
  const created = mkdirSync(plan.root, { recursive: true });
  const dirExisted = existsSync(dir);
  const guards = await repositoryFormatGuards(guarded);
  const staging = mkdtempSync(join(plan.root, '.format-patch-'));
  let written = false;
  let carriedOver = false;
  try {
    const args = ['format-patch', ...NO_CONVERSION, '--output-directory', staging, `--subject-prefix=${subjectPrefix(tree, opts.rfc ?? false, opts.prefixWords)}`, `--base=${opts.base ?? base}`];
    // Before our own --to/--cc/--notes: --no-to and --no-cc discard what came before them.
    pushAll(args, guards.args);
    if (opts.version > 1) args.push(`--reroll-count=${opts.version}`);
    if (opts.inReplyTo !== undefined) args.push(`--in-reply-to=${opts.inReplyTo}`);
    if (opts.thread !== undefined) args.push(`--thread=${opts.thread}`);
    if (opts.noNumbered) args.push('--no-numbered');
    if (opts.signoff) args.push('--signoff');
    if (opts.notes !== undefined) args.push(opts.notes === '' ? '--notes' : `--notes=${opts.notes}`);
    if (cover) args.push('--cover-letter');
    for (const t of mail.to) args.push(`--to=${t}`);
    for (const c of mail.cc) args.push(`--cc=${c}`);
    if (previous.range) args.push(`--range-diff=${previous.range}`, `--creation-factor=80`);
    args.push('--end-of-options', `${base}..${last.sha}`);
    await guarded.raw(args);
    const names = readdirSync(staging).filter((n) => n.endsWith('.patch')).sort();
    if (cover) {
      const name = names.find((n) => /(^|-)0000-cover-letter\.patch$/.test(n));
      if (name) {
        const path = join(staging, name);
        const previousText = previous.cover ? readCoverLetter(previous.cover) : undefined;
        writeFileSync(path, carryOverCoverLetter(readFileSync(path, 'utf8'), previousText, opts.version));
        carriedOver = previousText !== undefined;
      }
    } else if (opts.version > 1 && names.length === 1) {
      // A single patch has no cover letter: its changelog goes below --- (git am drops it), as the cover letter's would.
      const path = join(staging, names[0]);
      writeFileSync(path, singlePatchChanges(readFileSync(path, 'utf8'), opts.version, previous.single));
    }
    mkdirSync(dir, { recursive: true });
    // link() refuses to replace an existing file, so a file that appeared meanwhile is never overwritten.
    const moved: string[] = [];
    try {
      for (const n of names) {
        linkSync(join(staging, n), join(dir, n));
        moved.push(join(dir, n));
      }
    } catch (e) {
      for (const m of moved) unlinkSync(m);
      throw new FormatPatchError(`could not write into ${dir}: ${(e as Error).message}; nothing was written`);
    }
    written = true;
    return {
      dir,
      files: moved,
      version: opts.version,
      tree,
      rangeDiffAgainst: previous.range,
      carriedOver,
      ...(opts.version > 1 && previousVersion === 0 ? { noPreviousVersion: true } : {}),
      ...(guards.ignored.length > 0 ? { ignoredRepositoryConfig: guards.ignored } : {}),
      ...(baseNotUpstream ? { baseNotUpstream } : {}),
    };
  } catch (e) {
    if (e instanceof FormatPatchError) throw e;
    throw new FormatPatchError(`git format-patch failed: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    // A refusal or failure leaves the disk as it was: no empty folders behind.
    if (!written) {
      const ours = dirExisted ? [] : [dir];
      if (created) for (let d = plan.root; d.length >= created.length; d = dirname(d)) ours.push(d);
      for (const d of ours) {
        try {
          rmdirSync(d);
        } catch {
          // not empty or not there: not ours to remove
        }
      }
    }
  }
}
