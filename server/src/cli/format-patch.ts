/**
 * `bpf-patch-lint format-patch`: prepares a series with git format-patch the
 * BPF way (see node/format-patch.ts), then lints what it wrote.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { knownTrees, mergeConfig } from '../engine/config';
import { subjectPrefix } from '../engine/series-plan';
import { PLACEHOLDER_MARK } from '../engine/placeholders';
import { ConfigError, findConfigFile, readConfigFile } from '../node/config-file';
import { DirtyTreeError, FormatPatchError, formatSeries, planSeries } from '../node/format-patch';

export const FORMAT_PATCH_HELP = `Usage: bpf-patch-lint format-patch [options] [<revision-range> | -<n>]

Runs git format-patch for the commits in <revision-range> (default: the
branch's upstream..HEAD; -<n>: the last n commits) with the BPF subject
prefix, a cover letter for more than one patch, --base, and To/Cc from
MAINTAINERS, into a folder per version, then checks the result. The next
version carries over the previous cover letter's title and blurb (or a single
patch's changelog), adds a "Changes in vN:" section and a range-diff.
Existing files are never overwritten.

Options:
  --tree T              bpf, bpf-next, net or net-next (default: bpf when a
                        Fixes: tag names a commit in a release, bpf-next when
                        it names one only in development history or there is
                        no Fixes: tag)
  -v, --version N       the series version (default: one more than the newest
                        folder already prepared, else 1)
  -o, --output DIR      the folder holding one folder per version
                        (default: <repository>/patches/<branch>)
  --rfc                 RFC PATCH instead of PATCH
  --resend              PATCH RESEND: the same version sent again
  --subject-prefix P    other words for the prefix (PATCH and the tree are
                        added when missing)
  --cover-letter        a cover letter even for a single patch
  --allow-dirty         go ahead although tracked files have uncommitted changes

Passed to git format-patch:
  --to ADDR, --cc ADDR  more recipients (repeatable)
  --in-reply-to ID      thread the series under a message
  --thread[=STYLE]      shallow (default) or deep threading
  -N, --no-numbered     [PATCH] instead of [PATCH n/m]
  -s, --signoff         add your Signed-off-by to each patch
  --notes[=REF]         append the commits' notes below ---
  --base REV            record REV as the base instead of the upstream's

Exit status: 0 the series was written and has no errors, 1 it was written
but has errors (such as the cover letter's placeholders until you fill them
in), 2 nothing was written or the series could not be checked (stderr says why).
`;

const SUPPORTED = '--tree, -v/--version, -o/--output, --rfc, --resend, --subject-prefix, --cover-letter, --allow-dirty, --to, --cc, --in-reply-to, --thread, -N/--no-numbered, -s/--signoff, --notes, --base, -<n>';

export interface FormatPatchIo {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /**
   * Lints the written folder as the main command does, asking `repo` about
   * commits and naming files with `show`; resolves to its exit status (1 when
   * there are error findings).
   */
  readonly lint: (dir: string, show: (path: string) => string, repo: string) => Promise<number>;
}

/** git's options whose value is optional (`--thread`, `--notes`) and `-<n>`, made something parseArgs reads. */
function normalise(argv: readonly string[]): { args: string[]; last?: number } {
  const args: string[] = [];
  let last: number | undefined;
  for (const a of argv) {
    const n = /^-(\d+)$/.exec(a);
    if (n) last = Number(n[1]);
    else if (a === '--thread') args.push('--thread=shallow');
    else if (a === '--notes') args.push('--notes=');
    else args.push(a);
  }
  return { args, last };
}

/** The words of a --subject-prefix, split into a tree, RFC, and the extra words (RESEND). */
function readPrefix(prefix: string, trees: ReadonlySet<string>): { tree?: string; rfc: boolean; words: string[] } {
  const words = prefix.trim().split(/\s+/).filter(Boolean);
  const tree = words.find((w) => trees.has(w.toLowerCase()));
  return {
    tree: tree?.toLowerCase(),
    rfc: words.some((w) => w.toUpperCase() === 'RFC'),
    words: words.filter((w) => w !== tree && !/^(RFC|PATCH)$/i.test(w)),
  };
}

export async function runFormatPatch(io: FormatPatchIo): Promise<number> {
  let parsed;
  const { args, last } = normalise(io.argv);
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        tree: { type: 'string' },
        version: { type: 'string', short: 'v' },
        output: { type: 'string', short: 'o' },
        rfc: { type: 'boolean' },
        resend: { type: 'boolean' },
        'subject-prefix': { type: 'string' },
        'cover-letter': { type: 'boolean' },
        'allow-dirty': { type: 'boolean' },
        to: { type: 'string', multiple: true },
        cc: { type: 'string', multiple: true },
        'in-reply-to': { type: 'string' },
        thread: { type: 'string' },
        'no-numbered': { type: 'boolean', short: 'N' },
        signoff: { type: 'boolean', short: 's' },
        notes: { type: 'string' },
        base: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify.*$/s, '');
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    io.stderr(
      unknown
        ? `bpf-patch-lint format-patch: ${unknown[1]} is not supported; it takes ${SUPPORTED} (see --help)\n`
        : `bpf-patch-lint format-patch: ${message}\n`,
    );
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout(FORMAT_PATCH_HELP);
    return 0;
  }
  try {
    if (parsed.positionals.length > 1 || (last !== undefined && parsed.positionals.length > 0)) {
      throw new FormatPatchError(`one revision range at most, got ${[...(last !== undefined ? [`-${last}`] : []), ...parsed.positionals].join(' ')}`);
    }
    if (last !== undefined && last < 1) throw new FormatPatchError('-<n> takes the last n commits: n must be 1 or more');
    const version = v.version === undefined ? undefined : Number(v.version);
    if (version !== undefined && !/^[1-9]\d?$/.test(v.version!)) throw new FormatPatchError(`--version must be a whole number from 1 to 99, not "${v.version}"`);
    if (v.thread !== undefined && v.thread !== 'shallow' && v.thread !== 'deep') throw new FormatPatchError(`--thread takes shallow or deep, not "${v.thread}"`);
    const configFile = findConfigFile(io.cwd);
    const config = mergeConfig(configFile ? readConfigFile(configFile) : undefined);
    const prefix = v['subject-prefix'] !== undefined ? readPrefix(v['subject-prefix'], knownTrees(config)) : undefined;
    if (prefix?.tree && v.tree !== undefined && prefix.tree !== v.tree.toLowerCase()) {
      throw new FormatPatchError(`--subject-prefix names ${prefix.tree} but --tree says ${v.tree}`);
    }
    const range = last !== undefined ? `HEAD~${last}` : parsed.positionals[0];
    const plan = await planSeries(io.cwd, { range, outDir: v.output === undefined ? undefined : resolve(io.cwd, v.output) });
    const tree = v.tree ?? prefix?.tree ?? plan.suggestedTree;
    const words = [...(prefix?.words ?? []), ...(v.resend && !prefix?.words.some((w) => /^resend$/i.test(w)) ? ['RESEND'] : [])];
    const result = await formatSeries(plan, {
      tree,
      version: version ?? plan.nextVersion,
      rfc: v.rfc || prefix?.rfc,
      prefixWords: words,
      coverLetter: v['cover-letter'],
      allowDirty: v['allow-dirty'],
      to: v.to,
      cc: v.cc,
      inReplyTo: v['in-reply-to'],
      thread: v.thread as 'shallow' | 'deep' | undefined,
      noNumbered: v['no-numbered'],
      signoff: v.signoff,
      notes: v.notes,
      base: v.base,
      config,
    });
    const shown = (p: string) => relative(io.cwd, p) || '.';
    const chosen = v.tree === undefined && prefix?.tree === undefined;
    const notes = [
      subjectPrefix(result.tree, v.rfc || prefix?.rfc === true, words) + (result.version > 1 ? ` v${result.version}` : ''),
      ...(chosen ? [`tree suggested: ${plan.treeChoice.why}`] : []),
      ...(result.carriedOver ? ['cover letter carried over from the previous version'] : []),
      ...(result.rangeDiffAgainst ? ['range-diff against the previous version'] : []),
      ...(result.noPreviousVersion ? [`no earlier version in ${shown(plan.root)}, so nothing carried over`] : []),
    ];
    io.stdout(`Wrote ${result.files.length} file${result.files.length === 1 ? '' : 's'} to ${shown(result.dir)} (${notes.join('; ')}):\n${result.files.map((f) => `  ${shown(f)}\n`).join('')}\n`);
    if (result.ignoredRepositoryConfig) {
      io.stderr(`bpf-patch-lint format-patch: note: ignored this repository's own ${result.ignoredRepositoryConfig.join(', ')}: a repository's config does not choose headers, recipients or a signature of your mail (set them in your ~/.gitconfig, or pass --to/--cc)\n`);
    }
    if (result.baseNotUpstream) {
      const b = result.baseNotUpstream;
      io.stderr(
        `bpf-patch-lint format-patch: warning: the series applies on ${b.sha.slice(0, 12)} ("${b.subject}"), which is not in ${b.upstream}: maintainers cannot apply it there; include the commits below it in the range, or rebase\n`,
      );
    }
    // The series is written either way; errors in it fail the command as they fail a plain lint.
    const status = await io.lint(result.dir, shown, plan.top);
    const toFill = result.files.filter((f) => PLACEHOLDER_MARK.test(readFileSync(f, 'utf8')));
    if (toFill.length > 0) io.stdout(`Next: edit ${toFill.map(shown).join(' and ')}, replacing its *** placeholders ***, then check the folder again.\n`);
    return status;
  } catch (e) {
    if (!(e instanceof FormatPatchError) && !(e instanceof ConfigError)) throw e;
    io.stderr(`bpf-patch-lint format-patch: ${e.message}${e instanceof DirtyTreeError ? ' (or rerun with --allow-dirty)' : ''}\n`);
    return 2;
  }
}
