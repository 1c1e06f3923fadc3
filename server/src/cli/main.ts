/**
 * `bpf-patch-lint`: the command-line face of the engine. It reads files, loads
 * configuration, and prints findings; every decision about patches is the engine's.
 * Exit status: 0 no errors, 1 at least one error finding, 2 usage or input problem.
 */
import { lstatSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mergeConfig, type ConfigInput } from '../engine/config';
import { faqUrl, FAQ_RST_PATH } from '../engine/faq';
import { fixAll } from '../engine/fix-all';
import { cutsMessages, lintIncrementally, lintParsed, parseInputs, sortFindings, type ChunkedInput, type DocumentInput, type LintResult } from '../engine/lint';
import { CLEANUP_MODES, PROFILES, type CleanupMode, type Finding, type LintConfig, type Profile } from '../engine/types';
import { asWritten, type Message } from '../engine/model';
import type { EngineFacts, Identity } from '../engine/facts';
import type { DocumentKind } from '../engine/model';
import type { SeveritySetting } from '../engine/types';
import { RULES, applyQuestion, commitIdsOf, ruleById, sourceCommitsOf, treesToAskFor, type ApplyQuestion } from '../rules';
import { GitRepository } from '../node/git-facts';
import { HookError, installHook, uninstallHook } from '../node/hook';
import { changedLines, type ChangedLines } from '../engine/changed-lines';
import { fixesTags, hasFixesLine } from '../rules/fixes-tag-format';
import { ConfigError, findConfigFile, readConfigFile } from '../node/config-file';
import { filePieces, InputError, LARGE_INPUT_BYTES, readSeriesArgument, type LoadedDocument } from '../node/read-input';
import { faqLink, findKernelTree } from '../node/kernel-tree';
import { NotReplacedError, whyNotReplaceable, writeFileAtomic } from '../node/write-file';
import { isRecordingMessageFile } from '../node/git-message-file';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { printable } from './printable';
import { formatSummary, formatSummaryJson } from './format-summary';
import { runFormatPatch } from './format-patch';
import { runCommitMsgHook } from './commit-msg';
import { messageAt, summarize, type SeriesSummary, type SummaryOptions } from '../engine/summary';
import { CHECKPATCH_SCRIPT, checkpatchSeries, codespellDictionary, findCheckpatchTree } from '../node/checkpatch';
import { lastStartingAtOrBefore } from '../engine/text';
import { locate, type LocatedFinding } from './located';
import pkg from '../../../package.json';
import { maxOf, pushAll } from '../engine/arrays';

export interface CliIo {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly stdout: (s: string | Uint8Array) => void;
  readonly stderr: (s: string) => void;
  readonly readStdin: () => Buffer;
  readonly isTty: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** The script the hook should run (this CLI's entry point). */
  readonly cliPath?: string;
  /** Files of this size or more are linted a piece at a time (tests lower it). */
  readonly largeInputBytes?: number;
  /** How findings name their file (format-patch: relative to the cwd, as it lists what it wrote); default: as given. */
  readonly showPath?: (path: string) => string;
}

export class UsageError extends Error {}

const HELP = `Usage: bpf-patch-lint [options] <file|dir|->...
       bpf-patch-lint format-patch [options] [<range>]
                                                prepare a series (see format-patch --help)
       bpf-patch-lint install-hook [--chain]    add a commit-msg hook to this repository
       bpf-patch-lint uninstall-hook            remove it (restoring a chained hook)
       bpf-patch-lint commit-msg <file>         what the hook runs: check the message
                                                git is recording, as git will record it

Checks Linux kernel patches and commit messages against the BPF subsystem's
submission rules (Documentation/bpf/bpf_devel_QA.rst).

A file is one document (an mbox holding several messages is a series); a
directory is the series of its *.patch/*.eml/*.mbox/*.diff files; - reads stdin.

Options:
  --format text|json|sarif|summary|summary-json
                             output format (default: text); summary is a
                             pass/warn/fail table per patch and check, with
                             whether the BPF/netdev rules judged it and why;
                             summary-json is the same as JSON
  --kind patch|message|mbox  do not guess what the input is
  --config FILE              use this config instead of the nearest .bpf-patch-lint.json
  --rule ID=SEVERITY         off|error|warning|info|hint for one rule (repeatable)
  --fix                      apply the preferred fixes in place (stdin: fixed text to stdout)
                             and print each change made
  -s, --signoff              with --fix, also add your own Signed-off-by (git commit -s)
  --cleanup MODE             strip (default), whitespace, scissors or verbatim: how
                             git commit will clean the message up (-m/-F without
                             an editor keep '#' lines: whitespace)
  --profile send|archive     send (default): mail about to be sent; archive: a folder
                             of exported commits (a backport queue), judged without
                             the submission rules (tree, recipients, stable, series)
  --no-git                   never run git (offline checks only)
  --checkpatch               also run the kernel tree's scripts/checkpatch.pl on each
                             patch, with the netdev CI's flags (--strict, ...), its
                             findings beside ours (the tree's own code: only when asked)
  --repo DIR                 ask this repository about commits (default: the
                             input's, else the current directory's)
  --no-color                 plain text output even on a terminal
  --list-rules               list rule ids, severities and descriptions
  --explain ID               explain a rule and link its FAQ section
  --version                  print the version
  --help                     print this help

Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable input.
`;

export interface Options {
  git: boolean;
  repo?: string;
  /** Run the kernel tree's checkpatch.pl too (`--checkpatch`). */
  checkpatch: boolean;
  format: 'text' | 'json' | 'sarif' | 'summary' | 'summary-json';
  kind?: DocumentKind;
  config?: string;
  rules: Record<string, SeveritySetting>;
  profile?: Profile;
  fix: boolean;
  /** With --fix, also add the user's own Signed-off-by (`--signoff`, like `git commit -s`). */
  signoff: boolean;
  /** How git will clean the message up (`--cleanup`; the hook learns it from git). */
  cleanup?: CleanupMode;
  /** git's comment character, when the hook has read it from git's config. */
  commentChar?: string;
  /** Who is committing, when the hook has read it from git's config already. */
  committer?: Identity;
  /** The repository --repo names, already being looked up (the hook starts it beside its other git work). */
  repository?: Promise<GitRepository | undefined>;
  color: boolean;
  inputs: string[];
}

function parseOptions(io: CliIo): Options | 'done' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...io.argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        kind: { type: 'string' },
        config: { type: 'string' },
        rule: { type: 'string', multiple: true },
        fix: { type: 'boolean' },
        signoff: { type: 'boolean', short: 's' },
        cleanup: { type: 'string' },
        'no-git': { type: 'boolean' },
        checkpatch: { type: 'boolean' },
        profile: { type: 'string' },
        repo: { type: 'string' },
        'no-color': { type: 'boolean' },
        'list-rules': { type: 'boolean' },
        explain: { type: 'string' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify.*$/s, ''));
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout(HELP);
    return 'done';
  }
  if (v.version) {
    io.stdout(`${pkg.version}\n`);
    return 'done';
  }
  if (v['list-rules']) {
    const width = maxOf(RULES.map((r) => r.id.length), 0);
    io.stdout(RULES.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.description}`).join('\n') + '\n');
    return 'done';
  }
  if (v.explain !== undefined) {
    const rule = ruleById(v.explain);
    if (!rule) throw new UsageError(`unknown rule "${v.explain}" (see --list-rules)`);
    const tree = findKernelTree(io.cwd);
    const local = tree ? faqLink(rule.faq, tree) : undefined;
    io.stdout(
      `${rule.id} (${rule.severity}): ${rule.description}\n\n${rule.explanation}\n\n` +
        `FAQ: "${rule.faq.heading}"\n  ${faqUrl(rule.faq)}\n` +
        (local && local.startsWith('file:') ? `  ${local}\n` : `  (in a kernel tree: ${FAQ_RST_PATH})\n`),
    );
    return 'done';
  }
  const format = v.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif' && format !== 'summary' && format !== 'summary-json') {
    throw new UsageError(`--format must be text, json, sarif, summary or summary-json, not "${format}"`);
  }
  const kind = v.kind;
  if (kind !== undefined && kind !== 'patch' && kind !== 'message' && kind !== 'mbox') {
    throw new UsageError(`--kind must be patch, message or mbox, not "${kind}"`);
  }
  const rules: Record<string, SeveritySetting> = {};
  for (const r of v.rule ?? []) {
    const m = /^([a-z0-9-]+)=(off|error|warning|info|hint)$/.exec(r);
    if (!m) throw new UsageError(`--rule expects ID=off|error|warning|info|hint, got "${r}"`);
    if (!ruleById(m[1])) throw new UsageError(`--rule: unknown rule "${m[1]}" (see --list-rules)`);
    rules[m[1]] = m[2] as SeveritySetting;
  }
  const profile = v.profile;
  if (profile !== undefined && !(PROFILES as readonly string[]).includes(profile)) {
    throw new UsageError(`--profile must be ${PROFILES.join(' or ')}, not "${profile}"`);
  }
  const cleanup = v.cleanup;
  if (cleanup !== undefined && !(CLEANUP_MODES as readonly string[]).includes(cleanup)) {
    throw new UsageError(`--cleanup must be ${CLEANUP_MODES.join(', ')}, not "${cleanup}"`);
  }
  if (v.signoff && !v.fix) throw new UsageError('--signoff adds your Signed-off-by when fixing: use it with --fix');
  if (parsed.positionals.length === 0) throw new UsageError('no input given (a file, a directory, or - for stdin)');
  const color = !v['no-color'] && io.isTty && !io.env.NO_COLOR && (format === 'text' || format === 'summary');
  if (v.repo !== undefined && v['no-git']) throw new UsageError('--repo and --no-git contradict each other');
  return {
    git: !v['no-git'],
    repo: v.repo,
    checkpatch: v.checkpatch ?? false,
    format,
    kind,
    config: v.config,
    rules,
    profile: profile as Profile | undefined,
    fix: v.fix ?? false,
    signoff: v.signoff ?? false,
    cleanup: cleanup as CleanupMode | undefined,
    color,
    inputs: parsed.positionals,
  };
}

/** Inputs in one folder share the answer of the upward search for a config file. */
const configFileByDir = new Map<string, string | undefined>();

function configFor(input: string, opts: Options, io: CliIo, cache: Map<string, ConfigInput | undefined>): ConfigInput | undefined {
  const dir = input === '-' ? io.cwd : isDirectory(input) ? input : dirname(input);
  if (!opts.config && !configFileByDir.has(dir)) configFileByDir.set(dir, findConfigFile(dir));
  const file = opts.config ?? configFileByDir.get(dir);
  if (!file) return undefined;
  if (!cache.has(file)) cache.set(file, readConfigFile(file));
  return cache.get(file);
}

/** What git is asked about a series: the commits it names, and where its diff changes lines (for blame). */
interface GitQuestions {
  readonly ids: Set<string>;
  /** Whether some Fixes tag names a commit (only then is blame worth a process per file). */
  fixes: boolean;
  /** Whether some line is a Fixes tag of any form (`Fixes: #12` depends on being in a kernel tree). */
  fixesLines: boolean;
  readonly changes: ChangedLines[];
  /** Whether any message carries a diff (blame needs one: a bare commit message names no lines). */
  diffs: boolean;
  /** Whether any message is mail (a patch names a tree; release tags say which it belongs to). */
  mail: boolean;
  /** Each message's Fixes ids: one shipped commit among them answers that message's tree question. */
  readonly releaseGroups: string[][];
  /** The trees whose branches hold the Fixes targets, or should (see treesToAskFor). */
  readonly trees: Set<string>;
  /** The series' own commits (see sourceCommitsOf). */
  readonly sources: Set<string>;
  /** Refs the configuration names for the trees. */
  treeRefs?: Readonly<Record<string, string>>;
  /** The series to try on its tree's branch (see applyQuestion). */
  apply?: ApplyQuestion;
  /** Whether, with these facts, some finding would offer blame's candidates (blame is seconds a file in linux.git). */
  wantsCulprits?: (facts: EngineFacts) => boolean;
}

/** The rules whose fixes offer blame's candidates: linting with them alone says whether blame is worth running. */
const CULPRIT_RULES = RULES.filter((r) => r.offersCulprits);

function askAbout(
  messages: readonly Message[],
  q: GitQuestions = { ids: new Set(), fixes: false, fixesLines: false, changes: [], diffs: false, mail: false, releaseGroups: [], trees: new Set(), sources: new Set() },
): GitQuestions {
  for (const id of commitIdsOf(messages)) q.ids.add(id);
  for (const tree of treesToAskFor(messages)) q.trees.add(tree);
  for (const sha of sourceCommitsOf(messages)) q.sources.add(sha);
  for (const m of messages) {
    const fixed = fixesTags(m).flatMap((t) => (t.sha ? [t.sha] : []));
    if (fixed.length > 0) {
      q.fixes = true;
      q.releaseGroups.push(fixed);
    }
    if (hasFixesLine(m)) q.fixesLines = true;
    if (m.kind === 'mail') q.mail = true;
    if (m.diff) {
      q.diffs = true;
      pushAll(q.changes, changedLines(m));
    }
  }
  return q;
}

/**
 * The repository a folder is in, found once per folder in a run: `bpf-patch-lint
 * outgoing/*.patch` asks about 20 files in one folder, and each repository
 * object keeps what git said (tags, their dates, commit lookups) for the run.
 */
const discovered = new Map<string, Promise<GitRepository | undefined>>();
function discoverOnce(dir: string): Promise<GitRepository | undefined> {
  let found = discovered.get(dir);
  if (!found) discovered.set(dir, (found = GitRepository.discover(dir, { stable: true })));
  return found;
}

/** Which repository answers for `input`: --repo, else the one the input is in, else the current directory's. */
async function repositoryFor(input: string, opts: Options, io: CliIo): Promise<GitRepository | undefined> {
  if (opts.repo !== undefined) {
    const repo = await (opts.repository ?? GitRepository.discover(resolve(io.cwd, opts.repo)));
    if (!repo) throw new UsageError(`--repo ${opts.repo}: not a git repository`);
    return repo;
  }
  const own = resolve(io.cwd, input === '-' ? '.' : isDirectory(input) ? input : dirname(input));
  const here = resolve(io.cwd);
  const mine = await discoverOnce(own);
  if (own === here) return mine;
  // A series written outside the tree (`format-patch -o ../outgoing`) is still about the tree you are in,
  // even when the folder sits in some other repository (a dotfiles repository around $HOME):
  // a kernel tree here beats a repository there that is none.
  const current = await discoverOnce(here);
  if (!mine) return current;
  if (!current || current.gitDir === mine.gitDir) return mine;
  if (!(await mine.holdsKernelHistory()) && (await current.holdsKernelHistory())) return current;
  return mine;
}

/**
 * Facts from the repository the input lives in (or --repo, or the current
 * directory's): the commits its Fixes tags name, resolved in one batch. Without
 * git, or outside any repository, the offline checks run alone.
 */
async function gitFactsFor(
  input: string,
  questions: () => GitQuestions,
  opts: Options,
  io: CliIo,
  warned: Set<string>,
): Promise<EngineFacts | 'no-repository' | undefined> {
  if (!opts.git) return undefined;
  const repo = await repositoryFor(input, opts, io);
  if (!repo) return 'no-repository';
  try {
    const q = questions();
    // The git user is the author only of the message git is recording, not of stdin or other files
    // (in CI, `git log --format=%B | bpf-patch-lint -` would otherwise demand the CI user's sign-off),
    // unless they ask to sign off (--signoff), which names them.
    const committer = opts.committer ?? (opts.signoff || (input !== '-' && isRecordingMessageFile(resolve(io.cwd, input))));
    // MAINTAINERS (800 KB in a kernel tree) is read only for what uses it: recipients of mail, and the files a diff touches.
    const facts = await repo.facts([...q.ids], {
      releases: q.mail,
      releaseGroups: q.releaseGroups,
      committer,
      kernelHistory: q.ids.size > 0 || q.fixesLines,
      maintainers: q.mail || q.diffs,
      trees: [...q.trees],
      treeRefs: q.treeRefs,
      sources: [...q.sources],
    });
    const looked = facts.treeRefs ? { asked: [...q.trees], refs: facts.treeRefs } : undefined;
    const withApply = q.apply ? { ...facts, ...(await repo.appliesFacts(q.apply, q.treeRefs, undefined, looked)) } : facts;
    // Blame only when a Fixes tag will be offered candidates and there is a diff to blame: a process per
    // file, and seconds each in linux.git, where a series with right Fixes tags needs none.
    if (!q.fixes || !q.diffs || (q.wantsCulprits && !q.wantsCulprits(withApply))) return withApply;
    return { ...withApply, ...(await repo.culprits(q.changes)) };
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    if (!warned.has(why)) io.stderr(`bpf-patch-lint: git failed (${why}); git-backed checks skipped\n`);
    warned.add(why);
    return undefined;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `install-hook` / `uninstall-hook`: a commit-msg hook that runs this CLI on each message. */
async function runHookCommand(io: CliIo, cli: string): Promise<number> {
  const [command, ...rest] = io.argv;
  const unknown = rest.filter((a) => a !== '--chain' || command !== 'install-hook');
  if (unknown.length > 0) {
    io.stderr(`bpf-patch-lint: ${command}: unexpected ${unknown.join(' ')}\nTry 'bpf-patch-lint --help'.\n`);
    return 2;
  }
  try {
    if (command === 'install-hook') {
      const r = await installHook(io.cwd, cli, { chain: rest.includes('--chain') });
      io.stdout(`installed ${r.hook}${r.chained ? ' (your previous commit-msg hook runs first)' : ''}\n`);
    } else {
      io.stdout(`${await uninstallHook(io.cwd)}\n`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof HookError)) throw e;
    io.stderr(`bpf-patch-lint: ${printable(e.message)}\n`);
    return 2;
  }
}

/** Runs the CLI; resolves to the exit status. Never rejects for bad input. */
export async function runCli(io: CliIo): Promise<number> {
  if (io.argv[0] === 'install-hook' || io.argv[0] === 'uninstall-hook') return runHookCommand(io, io.cliPath ?? process.argv[1]);
  if (io.argv[0] === 'commit-msg') return runCommitMsgHook({ ...io, argv: io.argv.slice(1) }, (opts: Options) => lintInputs(opts, io));
  if (io.argv[0] === 'format-patch') {
    return runFormatPatch({ ...io, argv: io.argv.slice(1), lint: (dir, showPath, repo) => runCli({ ...io, argv: ['--repo', repo, dir], showPath }) });
  }
  let opts: Options | 'done';
  try {
    opts = parseOptions(io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`bpf-patch-lint: ${e.message}\nTry 'bpf-patch-lint --help'.\n`);
      return 2;
    }
    throw e;
  }
  if (opts === 'done') return 0;
  const run = await lintInputs(opts, io);
  if (run.usageError !== undefined) {
    io.stderr(`bpf-patch-lint: ${run.usageError}\n`);
    return 2;
  }

  // With --fix on stdin the fixed text owns stdout; the report goes to stderr.
  const fixedToStdout = opts.fix && opts.inputs.includes('-');
  const emit = fixedToStdout ? io.stderr : io.stdout;
  // Nothing could be read: the error lines say it all; a "No problems" summary would contradict them.
  if (run.failed && run.fileCount === 0) return 2;
  const showPath = io.showPath ?? ((p: string) => p);
  const report = run.located.map((f) => ({ ...f, file: showPath(f.file) }));
  if (opts.format === 'json') emit(JSON.stringify(report.map(({ autoFixable: _, ...f }) => f), null, 2) + '\n');
  else if (opts.format === 'sarif') emit(formatSarif(report, RULES, pkg.version, io.cwd));
  else if (opts.format === 'summary') emit(formatSummary(run.summaries, opts.color));
  else if (opts.format === 'summary-json') emit(formatSummaryJson(run.summaries, io.showPath));
  else {
    // What --fix changed, then what is left; a run without git says so, since its silence on Fixes commits means less.
    const fixedLines = [...run.applied].sort((a, b) => (a.file === b.file ? a.line - b.line : 0)).map((a) => `${printable(showPath(a.file))}:${a.line}:${a.column}: fixed: ${printable(a.title)} [${a.rule}]\n`).join('');
    // Fixes made in b4's mails are lost when b4 writes them again from its branch (b4 send).
    const b4Note =
      run.madeByB4 && (run.applied.length > 0 || run.located.some((f) => f.autoFixable))
        ? 'b4 wrote these mails and writes them again from its branch when it sends: make the fixes there too (the commits, b4 prep --edit-cover, --set-prefixes, --auto-to-cc).\n'
        : '';
    emit(fixedLines + formatText(report, run.fileCount, opts.color) + b4Note + (run.gitNote ? `${printable(run.gitNote)}\n` : ''));
  }

  if (run.failed) return 2;
  return run.located.some((f) => f.severity === 'error') ? 1 : 0;
}

/** What linting every input produced, before it is printed. */
export interface LintRun {
  readonly located: LocatedFinding[];
  readonly summaries: { summary: SeriesSummary; lineOf: (f: Finding) => number }[];
  /** Fixes --fix applied (1-based positions in the text each was applied to). */
  readonly applied: { file: string; line: number; column: number; rule: string; title: string }[];
  fileCount: number;
  /** Some input could not be read (its error is already on stderr). */
  failed: boolean;
  /** A problem with the whole command (exit 2), e.g. --repo naming no repository. */
  usageError?: string;
  /** One line saying that git was not consulted (no repository), for the text report. */
  gitNote?: string;
  /** Some input is mails b4 wrote (b4 writes them again from its branch when it sends). */
  madeByB4?: boolean;
}

/** Lints (and with --fix, fixes) every input of `opts`; prints only errors about inputs. */
export async function lintInputs(opts: Options, io: CliIo): Promise<LintRun> {
  const run: LintRun = { located: [], summaries: [], applied: [], fileCount: 0, failed: false };
  const configCache = new Map<string, ConfigInput | undefined>();
  const gitWarnings = new Set<string>();
  const noRepository: string[] = [];
  const stdinOnce = (() => {
    let buf: Buffer | undefined;
    return () => (buf ??= io.readStdin());
  })();
  const configOf = (input: string) =>
    mergeConfig(configFor(input, opts, io, configCache), { rules: opts.rules, profile: opts.profile, cleanup: opts.cleanup, commentChar: opts.commentChar });
  let signOffWarned = false;
  const factsFor = async (input: string, questions: () => GitQuestions): Promise<EngineFacts | undefined> => {
    const found = await gitFactsFor(input, questions, opts, io, gitWarnings);
    if (found === 'no-repository') noRepository.push(input);
    let facts = found === 'no-repository' ? undefined : found;
    // --signoff names the user: outside a repository (or with git left out) git's global identity still says who.
    if (opts.signoff && !facts?.committer) {
      const me = opts.git ? await GitRepository.identity(io.cwd) : undefined;
      if (me) facts = { ...(facts ?? {}), committer: me };
      else if (!signOffWarned) {
        signOffWarned = true;
        io.stderr(`bpf-patch-lint: --signoff: ${opts.git ? 'git config user.email is not set' : 'who you are comes from git config, and --no-git leaves git out'}, so no Signed-off-by was added\n`);
      }
    }
    return facts;
  };

  try {
    for (const input of opts.inputs) {
      if (!opts.fix && !opts.format.startsWith('summary') && isLargeFile(input, io.largeInputBytes ?? LARGE_INPUT_BYTES)) {
        try {
          if (onlyWhitespace(input)) throw new InputError(input, 'empty input');
          pushAll(run.located, await lintLargeFile(input, configOf(input), opts, factsFor));
          run.fileCount++;
        } catch (e) {
          if (!(e instanceof InputError || e instanceof ConfigError)) throw e;
          io.stderr(`bpf-patch-lint: ${printable(e.message)}\n`);
          run.failed = true;
        }
        continue;
      }
      let docs: LoadedDocument[];
      let config: LintConfig;
      try {
        docs = readSeriesArgument(input, stdinOnce);
        config = configOf(input);
      } catch (e) {
        if (!(e instanceof InputError || e instanceof ConfigError)) throw e;
        io.stderr(`bpf-patch-lint: ${printable(e.message)}\n`);
        run.failed = true;
        continue;
      }
      const empty = docs.find((d) => d.text.trim() === '');
      if (empty) {
        // An empty input is almost always a broken pipe upstream (git log failed); passing it would hide that.
        io.stderr(`bpf-patch-lint: ${printable(empty.id)}: empty input\n`);
        run.failed = true;
        continue;
      }
      run.fileCount += docs.length;
      await lintSeries(input, docs, config, opts, io, run, factsFor);
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    run.usageError = e.message;
  }
  if (noRepository.length > 0) {
    const where = opts.inputs.length === 1 && noRepository[0] !== '-' ? `${noRepository[0]} is` : 'the inputs are';
    run.gitNote = `git not consulted: ${where} in no git repository and neither is the current directory, so Fixes commits were not looked up (--repo DIR names one).`;
  }
  return run;
}

/** One input (a file, a folder, stdin) linted as a series, fixed with --fix, its findings added to `run`. */
async function lintSeries(
  input: string,
  docs: readonly LoadedDocument[],
  config: LintConfig,
  opts: Options,
  io: CliIo,
  run: LintRun,
  factsFor: (input: string, questions: () => GitQuestions) => Promise<EngineFacts | undefined>,
): Promise<void> {
  const inputsForEngine: DocumentInput[] = docs.map((d) => ({ id: d.id, text: d.text, kind: opts.kind }));
  const parsed = parseInputs(inputsForEngine, config);
  const facts = await factsFor(input, () => ({
    ...askAbout(parsed.flatMap((d) => d.messages.map(asWritten))),
    treeRefs: config.treeRefs,
    apply: applyQuestion(parsed),
    wantsCulprits: (known) => lintParsed(parsed, { rules: CULPRIT_RULES, config, facts: known }).findings.length > 0,
  }));
  const lintOptions = { rules: RULES, config, facts };
  if (parsed.some((d) => d.messages.some((m) => m.madeByB4))) run.madeByB4 = true;

  let result = lintParsed(parsed, lintOptions);
  if (opts.fix) {
    // Never rewrite text we could not decode faithfully, follow a symlink, or replace what is not a plain file of one's own.
    const notFixed = new Map<string, string>();
    for (const d of docs) {
      const why = !d.faithful ? 'not valid UTF-8' : d.path !== undefined && isSymlink(d.path) ? 'a symbolic link' : d.identity ? whyNotReplaceable(d.identity) : undefined;
      if (why === undefined) continue;
      notFixed.set(d.id, why);
      io.stderr(`bpf-patch-lint: ${d.id}: not fixed (${why})\n`);
    }
    const readOnly = new Set(notFixed.keys());
    const fixed = fixAll(inputsForEngine, lintOptions, { readOnly, signOff: opts.signoff });
    const original = result;
    result = fixed.result;
    const written = new Set<string>();
    const notWritten = new Set<string>();
    for (const d of docs) {
      const text = fixed.changed.get(d.id);
      if (d.path === undefined) {
        // A filter passes its input through even when nothing changed (byte for byte if not UTF-8).
        io.stdout(text === undefined ? d.bytes : (d.bom ? '\uFEFF' : '') + text);
        written.add(d.id);
        continue;
      }
      if (text === undefined) continue;
      try {
        writeFileAtomic(d.path, (d.bom ? '\uFEFF' : '') + text, d.identity && { identity: d.identity, bytes: d.bytes });
        written.add(d.id);
      } catch (e) {
        const why = e instanceof NotReplacedError ? e.message : `could not write the fixed file: ${(e as Error).message}`;
        io.stderr(`bpf-patch-lint: ${d.id}: not fixed, original kept (${why})\n`);
        notWritten.add(d.id);
        run.failed = true;
      }
    }
    // A file the fixes did not reach is reported as it was read, not as the fixes would have left it.
    if (notWritten.size > 0) result = reportedAsRead(original, result, notWritten);
    for (const a of fixed.applied) {
      if (written.has(a.document)) run.applied.push({ file: a.document, line: a.line + 1, column: a.character + 1, rule: a.rule, title: a.title });
    }
  }
  let checkpatch: SummaryOptions['checkpatch'] = { ran: false, why: 'not run; --checkpatch runs it' };
  if (opts.checkpatch) {
    const ran = await checkpatchFor(input, result, io);
    checkpatch = ran.state;
    result = ran.result;
    if (!ran.state.ran) run.failed = true;
  }
  if (opts.format.startsWith('summary')) {
    const docsById = new Map(result.documents.map((d) => [d.id, d]));
    run.summaries.push({
      summary: summarize(result, RULES, { gitChecked: facts !== undefined, kernelHistory: facts?.kernelHistory, applyTried: facts?.applies !== undefined, checkpatch }),
      lineOf: (f) => docsById.get(f.document)!.lines.positionAt(f.range.start).line + 1,
    });
  }
  const tree = findKernelTree(input === '-' ? io.cwd : input);
  const docsById = new Map(result.documents.map((d) => [d.id, d]));
  const scopeOf = (f: Finding) => {
    const doc = docsById.get(f.document);
    const m = doc && messageAt(doc, f.range.start);
    return m && result.scopes.get(m);
  };
  pushAll(run.located, locate(result.findings, result.documents, RULES, (section) => faqLink(section, tree), scopeOf));
}

/** Said once per run: checkpatch.pl runs without --codespell. */
let codespellNoted = false;

/**
 * `--checkpatch`: the kernel tree's checkpatch.pl (the input's tree, else the
 * current directory's) on each patch mail, its findings added to ours.
 */
async function checkpatchFor(input: string, result: LintResult, io: CliIo): Promise<{ result: LintResult; state: NonNullable<SummaryOptions['checkpatch']> }> {
  const tree = (input === '-' ? undefined : findCheckpatchTree(resolve(io.cwd, input))) ?? findCheckpatchTree(io.cwd);
  if (!tree) {
    const why = `no kernel tree with ${CHECKPATCH_SCRIPT} at or above ${input === '-' ? 'the current directory' : `${input} or the current directory`}`;
    io.stderr(`bpf-patch-lint: --checkpatch: ${why}\n`);
    return { result, state: { ran: false, why } };
  }
  if (!codespellDictionary() && !codespellNoted) {
    codespellNoted = true;
    io.stderr('bpf-patch-lint: --checkpatch: codespell is not installed, so checkpatch.pl runs without --codespell (the netdev CI runs it; apt-get install codespell)\n');
  }
  try {
    const found = await checkpatchSeries(tree, result.documents, result.findings);
    return { result: { ...result, findings: sortFindings([...result.findings, ...found.shown], result.documents) }, state: { ran: true, shadowed: found.shadowed } };
  } catch (e) {
    const why = `${CHECKPATCH_SCRIPT} failed: ${(e as Error).message}`;
    io.stderr(`bpf-patch-lint: --checkpatch: ${printable(why)}\n`);
    return { result, state: { ran: false, why } };
  }
}

/** The lint of the fixed texts, except for `ids`, whose documents and findings are those of the text as read. */
function reportedAsRead(asRead: LintResult, fixed: LintResult, ids: ReadonlySet<string>): LintResult {
  const readById = new Map(asRead.documents.map((d) => [d.id, d]));
  return {
    documents: fixed.documents.map((d) => (ids.has(d.id) ? (readById.get(d.id) ?? d) : d)),
    findings: [...fixed.findings.filter((f) => !ids.has(f.document)), ...asRead.findings.filter((f) => ids.has(f.document))],
    scopes: new Map([...fixed.scopes, ...asRead.scopes]),
  };
}

/** Whether `input` is one regular file of at least `threshold` bytes (so never empty). */
function isLargeFile(input: string, threshold: number): boolean {
  if (input === '-') return false;
  try {
    const st = statSync(input);
    return st.isFile() && st.size >= Math.max(1, threshold);
  } catch {
    return false;
  }
}

/**
 * A large file holding only blank space is refused like a small one (see the
 * empty-input check). Reading stops at the first piece with text in it, which
 * for any real input is the first.
 */
function onlyWhitespace(input: string): boolean {
  for (const piece of filePieces(input, cutsMessages)) if (piece.trim() !== '') return false;
  return true;
}

/**
 * A large file (a lore archive, a backport queue in one mbox) is read, decoded
 * and linted a piece at a time, so memory stays a small multiple of its size.
 * With git, a first pass gathers the commit ids before the linting pass.
 */
async function lintLargeFile(
  input: string,
  config: LintConfig,
  opts: Options,
  factsFor: (input: string, questions: () => GitQuestions) => Promise<EngineFacts | undefined>,
): Promise<LocatedFinding[]> {
  const chunked = (): ChunkedInput => ({ id: input, kind: opts.kind, chunks: filePieces(input, cutsMessages) });
  const facts = await factsFor(input, () => {
    const q = askAbout([]);
    lintIncrementally(chunked(), { rules: [], config }, (series) => askAbout(series.messages, q));
    return { ...q, treeRefs: config.treeRefs, wantsCulprits: (known) => lintIncrementally(chunked(), { rules: CULPRIT_RULES, config, facts: known }).findings.length > 0 };
  });
  const result = lintIncrementally(chunked(), { rules: RULES, config, facts });
  const tree = findKernelTree(input);
  // The scope of the last message starting at or before the finding, as messageAt() finds it for small files.
  const scopeOf = (f: Finding) => result.scopes[lastStartingAtOrBefore(result.scopes, (s) => s.start, f.range.start)]?.scope;
  return locate(result.findings, [{ id: input, lines: result.lines }], RULES, (section) => faqLink(section, tree), scopeOf);
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
