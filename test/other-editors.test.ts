/**
 * README's set-ups for other editors, run verbatim in the real editors (#14):
 * Debian 12's Neovim 0.7.2 and Emacs 28 with eglot 1.9, driven headless by
 * test/other-editors/*-driver.*, each as the editor of a real `git commit`.
 * Without an editor the tests are pending; with CI=true that is a failure.
 */
import assert from 'node:assert/strict';
import { markdownToPlain } from '../server/src/lsp/plaintext';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './helpers/paths';
import { otherEditorSnippets, snippet } from './other-editors/readme-snippets';
import { DRIVERS, gitEnv, makeHome, makeScratchRepo, readJson, runBounded, runs, type Run, type ScratchRepo } from './other-editors/scratch';

/** What a driver is asked to do with one file. */
interface Case {
  readonly name: string;
  readonly path: string;
  /** Rule ids whose diagnostics must arrive (the driver waits for all of them). */
  readonly waitRules: readonly string[];
  readonly hoverRule: string;
  readonly actionRule: string;
  readonly actionTitle: string;
  /** The file the action changes, when not this one. */
  readonly changes?: string;
  /** The action removes the one diagnostic of actionRule: wait for the new publish. */
  readonly actionClears?: number;
  /** Which empty "Fixes:" line to complete on; none in a bare diff. */
  readonly fixesLine?: 'first' | 'last';
  /** Take the first completion into the text (the commit message git then records). */
  readonly acceptCompletion?: boolean;
}

/** What a driver saw. */
interface Observed {
  readonly name: string;
  readonly path?: string;
  readonly filetype?: string;
  readonly mode?: string;
  readonly client?: string;
  readonly error?: string;
  readonly diagnostics?: { code: string; line: number; message: string }[];
  readonly hover?: string;
  readonly hoverShown?: string;
  readonly hoverError?: string;
  readonly actionsOffered?: string[];
  readonly afterAction?: string;
  readonly actionError?: string;
  readonly diagnosticsAfterAction?: { code: string; line: number }[];
  readonly completion?: string[];
  readonly completionError?: string;
  readonly afterCompletion?: string;
}

interface Results {
  readonly editor?: string;
  readonly opened?: string;
  readonly done?: boolean;
  readonly error?: string;
  readonly cases: Observed[];
}

/** A run's results, or why there are none. */
interface Outcome {
  readonly run: Run;
  readonly results?: Results;
  readonly repo: ScratchRepo;
  readonly home: string;
}

const DEADLINE_MS = 60000;

/** Pending without the editor, but a failure in CI, which installs it (.ci/run). */
function requireEditor(ctx: Mocha.Context, what: string, ok: boolean): void {
  if (ok) return;
  if (process.env.CI) throw new Error(`${what} is missing: .ci/run installs neovim, emacs-nox and elpa-eglot`);
  console.log(`      (${what} is not installed: apt-get install neovim emacs-nox elpa-eglot)`);
  ctx.skip();
}

function cases(repo: ScratchRepo): Case[] {
  return [
    {
      name: 'COMMIT_EDITMSG',
      path: join(repo.dir, '.git', 'COMMIT_EDITMSG'),
      waitRules: ['cc-stable'],
      hoverRule: 'cc-stable',
      actionRule: 'cc-stable',
      actionTitle: 'Remove the stable Cc tag',
      actionClears: 1,
      fixesLine: 'first',
      acceptCompletion: true,
    },
    {
      name: 'format-patch file',
      path: repo.patchFile,
      waitRules: ['subject-tree-missing', 'cc-stable'],
      hoverRule: 'subject-tree-missing',
      actionRule: 'subject-tree-missing',
      actionTitle: 'Target the bpf tree',
      actionClears: 1,
      fixesLine: 'first',
    },
    {
      name: 'mbox',
      path: repo.mboxFile,
      waitRules: ['series-cover-letter-missing', 'subject-tree-missing', 'cc-stable'],
      hoverRule: 'cc-stable',
      actionRule: 'cc-stable',
      actionTitle: 'Move it below --- as a note to the maintainers',
      actionClears: 1,
      fixesLine: 'last',
    },
    {
      // Last: its action writes the repository's config, which every document then follows.
      name: 'diff',
      path: repo.diffFile,
      waitRules: ['verifier-change-without-selftest'],
      hoverRule: 'verifier-change-without-selftest',
      actionRule: 'verifier-change-without-selftest',
      actionTitle: 'Disable verifier-change-without-selftest in .bpf-patch-lint.json',
      changes: join(repo.dir, '.bpf-patch-lint.json'),
    },
  ];
}

/** The rule's explanation and FAQ address, as the built CLI's --explain prints them. */
function explained(rule: string): { explanation: string; faqUrl: string } {
  const out = execFileSync(process.execPath, [join(REPO, 'bin', 'bpf-patch-lint.js'), '--explain', rule], { encoding: 'utf8' });
  const [, ...rest] = out.split('\n\n');
  const faqAt = rest.findIndex((p) => p.startsWith('FAQ:'));
  const faqUrl = /https:\/\/\S+/.exec(rest[faqAt])?.[0];
  assert.ok(faqAt > 0 && faqUrl, out);
  return { explanation: rest.slice(0, faqAt).join('\n\n'), faqUrl };
}

const words = (s: string) => s.replace(/\s+/g, ' ').trim();
const label = (sha: string, subject: string) => `${sha.slice(0, 12)} ("${subject}")`;

/** A driver run as the editor of `git commit -e -F <message>` in a fresh scratch repository and HOME. */
async function runEditor(kind: string, config: Record<string, string>, editor: string): Promise<Outcome> {
  const root = mkdtempSync(join(tmpdir(), `bpl-${kind}-`));
  const home = join(root, 'home');
  const repo = makeScratchRepo(join(root, 'repo'), home);
  const path = makeHome(home, config);
  const planFile = join(root, 'plan.json');
  const resultsFile = join(root, 'results.json');
  writeFileSync(planFile, JSON.stringify({ results: resultsFile, deadlineMs: DEADLINE_MS, cases: cases(repo) }));
  const env = { ...gitEnv(home, path), BPL_PLAN: planFile, GIT_EDITOR: editor };
  const run = await runBounded('git', ['commit', '-q', '-e', '-F', repo.messageFile], { cwd: repo.dir, env, timeoutMs: DEADLINE_MS + 30000 });
  return { run, results: readJson<Results>(resultsFile), repo, home };
}

/** The checks every editor must pass on every case. */
function checkCases(get: () => Outcome, logFile: (o: Outcome) => string, opensAs: Record<string, string>) {
  const observed = (name: string): Observed => {
    const o = get();
    const why = () => `${o.run.timedOut ? 'the editor was killed after the deadline; ' : ''}exit ${o.run.code}\n${o.run.stderr.slice(-3000)}\n${tail(logFile(o))}`;
    if (!o.results) assert.fail(`no results from the driver: ${why()}`);
    const r = o.results.cases.find((c) => c.name === name);
    if (!r) assert.fail(`the driver never got to ${name}: ${o.results.error ?? ''}\n${why()}`);
    if (r.error !== undefined) assert.fail(`${name}: ${r.error}\n${why()}`);
    return r;
  };
  const codes = (r: Observed) => new Set((r.diagnostics ?? []).map((d) => d.code));

  function hoverIsPlain(r: Observed, rule: string) {
    const { explanation, faqUrl } = explained(rule);
    // What the server sent, and what the editor shows of it (Neovim's float; eglot's rendering for eldoc).
    for (const [what, text] of [['hover', r.hover], ['shown hover', r.hoverShown]] as const) {
      assert.ok(text, `${what}: ${r.hoverError ?? 'none'}`);
      // Markdown, or plain text with the markup taken out for a client that asks for it (eglot without markdown-mode).
      assert.ok(words(text).includes(words(explanation)) || words(text).includes(words(markdownToPlain(explanation))), `${what} lacks the ${rule} explanation:\n${text}`);
      assert.ok(text.includes(faqUrl), `${what} lacks the FAQ link ${faqUrl}:\n${text}`);
      assert.match(text, /\[Open FAQ section\]\((https:\/\/|file:\/\/)|Open FAQ section <(https:\/\/|file:\/\/)/, `${what}: the FAQ section link is not https or file`);
      assert.doesNotMatch(text, /command:/, `${what} has a command: link, which only VS Code runs`);
    }
  }

  it(`opens each file as README says: ${Object.values(opensAs).join(', ')}`, () => {
    for (const [name, as] of Object.entries(opensAs)) {
      const r = observed(name);
      assert.equal(r.filetype ?? r.mode, as, name);
    }
  });

  it('COMMIT_EDITMSG opened by git commit: cc-stable, its hover, "Remove the stable Cc tag", Fixes: offers the commit that last wrote the staged lines', () => {
    const o = get();
    const r = observed('COMMIT_EDITMSG');
    assert.equal(o.results!.opened, join(o.repo.dir, '.git', 'COMMIT_EDITMSG'), 'git opened the editor on .git/COMMIT_EDITMSG');
    assert.ok(codes(r).has('cc-stable'), JSON.stringify(r.diagnostics ?? []));
    hoverIsPlain(r, 'cc-stable');
    assert.equal(r.actionError, undefined, `${r.actionError}; offered: ${r.actionsOffered?.join(' | ')}`);
    assert.doesNotMatch(r.afterAction!, /^Cc: stable@vger\.kernel\.org$/m);
    assert.match(r.afterAction!, /^Signed-off-by: Jane Developer <jane@example\.org>$/m);
    assert.ok(!(r.diagnosticsAfterAction ?? []).some((d) => d.code === 'cc-stable'), 'cc-stable is gone once the tag is');
    assert.equal(r.completion?.[0], label(o.repo.setTo2, 'bpf: Set b to 2'), `${r.completionError ?? ''} ${JSON.stringify(r.completion)}`);
  });

  it('format-patch file: subject-tree-missing and cc-stable, "Target the bpf tree", Fixes: offers the commit the patch changes', () => {
    const o = get();
    const r = observed('format-patch file');
    for (const rule of ['subject-tree-missing', 'cc-stable']) assert.ok(codes(r).has(rule), `${rule}: ${JSON.stringify(r.diagnostics ?? [])}`);
    hoverIsPlain(r, 'subject-tree-missing');
    assert.equal(r.actionError, undefined, `${r.actionError}; offered: ${r.actionsOffered?.join(' | ')}`);
    assert.match(r.afterAction!, /^Subject: \[PATCH bpf\] bpf: Set b to 2$/m);
    assert.ok(!(r.diagnosticsAfterAction ?? []).some((d) => d.code === 'subject-tree-missing'));
    assert.equal(r.completion?.[0], label(o.repo.initialised, 'bpf: Initialise b'), `${r.completionError ?? ''} ${JSON.stringify(r.completion)}`);
    assert.ok(!r.completion!.includes(label(o.repo.setTo2, 'bpf: Set b to 2')), 'never the patch itself');
  });

  it('mbox: per-mail and series findings, the stable Cc moved below ---, Fixes: in the second mail offers what it changes', () => {
    const o = get();
    const r = observed('mbox');
    for (const rule of ['series-cover-letter-missing', 'subject-tree-missing', 'cc-stable']) assert.ok(codes(r).has(rule), `${rule}: ${JSON.stringify(r.diagnostics ?? [])}`);
    assert.equal((r.diagnostics ?? []).filter((d) => d.code === 'subject-tree-missing').length, 2, 'one per mail');
    hoverIsPlain(r, 'cc-stable');
    assert.equal(r.actionError, undefined, `${r.actionError}; offered: ${r.actionsOffered?.join(' | ')}`);
    const firstMail = r.afterAction!.split(/^From [0-9a-f]{40} /m)[1];
    const [message, below] = firstMail.split(/^---$/m);
    assert.doesNotMatch(message, /^Cc: stable@vger\.kernel\.org$/m, 'gone from the message');
    assert.match(below, /stable/i, 'a note to the maintainers below ---');
    // The second mail's own candidates: first, the commit that last wrote the line it changes.
    assert.equal(r.completion?.[0], label(o.repo.added, 'bpf: Add verifier.c'), `${r.completionError ?? ''} ${JSON.stringify(r.completion)}`);
    for (const own of [label(o.repo.setTo2, 'bpf: Set b to 2'), label(o.repo.initialisedC, 'bpf: Initialise c')]) assert.ok(!r.completion!.includes(own), `never a mail of the series itself: ${own}`);
  });

  it('.diff: verifier-change-without-selftest, its hover, "Disable … in .bpf-patch-lint.json" writes the rule off', () => {
    const r = observed('diff');
    assert.ok(codes(r).has('verifier-change-without-selftest'), JSON.stringify(r.diagnostics ?? []));
    hoverIsPlain(r, 'verifier-change-without-selftest');
    assert.equal(r.actionError, undefined, `${r.actionError}; offered: ${r.actionsOffered?.join(' | ')}`);
    assert.deepEqual(JSON.parse(r.afterAction!), { rules: { 'verifier-change-without-selftest': 'off' } });
  });

  it('git records the message as the editor left it: the completed Fixes: tag, no stable Cc', () => {
    const o = get();
    assert.ok(o.results?.done, `the driver did not finish: ${o.results?.error ?? o.run.stderr.slice(-2000)}`);
    assert.equal(o.run.code, 0, o.run.stderr);
    const recorded = execFileSync('git', ['-C', o.repo.dir, 'log', '-1', '--format=%B'], { encoding: 'utf8', env: gitEnv(o.home) });
    assert.match(recorded, /^bpf: Set b to 3\n/);
    assert.match(recorded, new RegExp(`^Fixes: ${o.repo.setTo2.slice(0, 12)} \\("bpf: Set b to 2"\\)$`, 'm'));
    assert.doesNotMatch(recorded, /stable@vger/);
  });
}

function tail(file: string): string {
  if (!file || !existsSync(file)) return '';
  try {
    const text = execFileSync('tail', ['-c', '3000', file], { encoding: 'utf8' });
    return `${file}:\n${text}`;
  } catch {
    return '';
  }
}

describe("README's set-ups for other editors, run verbatim (#14)", function () {
  this.timeout(DEADLINE_MS + 60000);
  const snippets = otherEditorSnippets();
  const roots: string[] = [];
  after(() => {
    if (process.env.BPL_KEEP_SCRATCH) console.log(`      scratch folders kept: ${roots.join(' ')}`);
    else for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  describe("Neovim 0.7 to 0.9 set-up, in Debian's Neovim 0.7.2", function () {
    let outcome: Outcome;
    before(async function () {
      requireEditor(this, 'nvim', runs('nvim', ['--version']));
      assert.ok(existsSync(join(REPO, 'dist', 'server.js')), 'npm run build first');
      const init = snippet('lua', 'Neovim 0.7 to 0.9', snippets).code;
      const driver = join(DRIVERS, 'nvim-driver.lua');
      outcome = await runEditor('nvim', { '.config/nvim/init.lua': init }, `nvim --headless -c 'luafile ${driver}'`);
      roots.push(join(outcome.repo.dir, '..'));
    });
    checkCases(() => outcome, (o) => join(o.home, '.cache', 'nvim', 'lsp.log'), { COMMIT_EDITMSG: 'gitcommit', 'format-patch file': 'gitsendemail', mbox: 'mail', diff: 'diff' });
  });

  describe("Emacs set-up, in Debian's Emacs 28 with eglot 1.9", function () {
    let outcome: Outcome;
    before(async function () {
      requireEditor(this, 'emacs with eglot', runs('emacs', ['--batch', '--eval', "(progn (package-activate-all) (require 'eglot))"]));
      assert.ok(existsSync(join(REPO, 'dist', 'server.js')), 'npm run build first');
      const init = snippet('elisp', 'Emacs with eglot', snippets).code;
      const startup = join(DRIVERS, 'emacs-startup.el');
      const driver = join(DRIVERS, 'emacs-driver.el');
      outcome = await runEditor('emacs', { '.emacs.d/init.el': init }, `emacs --batch -l '${startup}' -l '${driver}'`);
      roots.push(join(outcome.repo.dir, '..'));
    });
    checkCases(() => outcome, () => '', { COMMIT_EDITMSG: 'bpf-commit-message-mode', 'format-patch file': 'diff-mode', mbox: 'diff-mode', diff: 'diff-mode' });
  });

  describe('set-ups that Debian 12 has no editor for', function () {
    it('the Neovim 0.10 and 0.11 set-ups parse; every Neovim set-up starts the server for the same filetypes and gives *.mbox one', function () {
      requireEditor(this, 'nvim', runs('nvim', ['--version']));
      const lua = ['Neovim 0.11', 'Neovim 0.10', 'Neovim 0.7 to 0.9'].map((intro) => snippet('lua', intro, snippets));
      const dir = mkdtempSync(join(tmpdir(), 'bpl-lua-'));
      roots.push(dir);
      const files = lua.map((s, i) => {
        const file = join(dir, `snippet-${i}.lua`);
        writeFileSync(file, s.code);
        return file;
      });
      // LuaJIT's loadfile compiles without running: a syntax error is caught, an API a version lacks is not.
      const check = `lua for f in vim.gsplit(os.getenv('BPL_LUA'), ':') do local ok, err = loadfile(f) if not ok then io.stderr:write(err .. '\\n') vim.cmd('cquit') end end`;
      const r = spawnSync('nvim', ['--headless', '--clean', '-c', check, '-c', 'qall!'], { env: { ...gitEnv(), BPL_LUA: files.join(':') }, encoding: 'utf8', timeout: 20000 });
      assert.equal(r.status, 0, `${r.stderr}${r.error ?? ''}`);
      for (const s of lua) {
        assert.match(s.code, /\{ 'gitcommit', 'gitsendemail', 'diff', 'mail' \}/, s.intro);
        assert.match(s.code, /\{ 'bpf-patch-lint-lsp', '--stdio' \}/, s.intro);
        assert.match(s.code, /mbox.*'?mail'?/, `${s.intro}: *.mbox gets the mail filetype`);
      }
    });

    it('the Helix set-up starts the server for git-commit and diff, and adds mbox to diff\'s own file types', () => {
      const toml = snippet('toml', 'Helix', snippets).code;
      assert.match(toml, /^\[language-server\.bpf-patch-lint\]\ncommand = "bpf-patch-lint-lsp"\nargs = \["--stdio"\]$/m);
      for (const name of ['git-commit', 'diff']) {
        assert.match(toml, new RegExp(`^\\[\\[language\\]\\]\\nname = "${name}"\\n(?:file-types = .*\\n)?language-servers = \\["bpf-patch-lint"\\]$`, 'm'), name);
      }
      // Helix's own list for diff is ["diff", "patch", "rej"]; a user's file-types replaces it.
      assert.match(toml, /^file-types = \["diff", "patch", "rej", "mbox"\]$/m);
    });
  });
});
