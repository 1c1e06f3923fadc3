/**
 * Every git process this tool runs is made here. A repository's own
 * configuration can name programs that git runs while merely reading: an
 * fsmonitor hook on every index read, a signature verifier for `log`, textconv
 * and clean filters, an external diff, the ssh command and credential helper of
 * a partial clone's lazy fetch. Patches come from other people's trees, so each
 * of those is switched off for our processes (set on the command line, which
 * wins over every config file), and commands that produce diffs also get
 * NO_CONVERSION. The list follows git-config(1) and simple-git's own audit of
 * unsafe settings (its `allowUnsafe*` names, which we must name to set them to
 * their harmless values).
 */
import type { SimpleGit, SimpleGitOptions } from 'simple-git';

export const NEUTRALISED_CONFIG: readonly string[] = [
  'core.fsmonitor=false', // a program run to list changed files on every index read
  'core.hooksPath=/dev/null', // hooks: none of our commands should run one
  'log.showSignature=false', // log would run gpg.program on signed commits
  'gpg.program=',
  'gpg.openpgp.program=',
  'gpg.ssh.program=',
  'gpg.x509.program=',
  'diff.external=', // an external diff program for every diff
  'core.pager=cat',
  'protocol.allow=never', // a partial clone fetches missing objects lazily: no network, so no ssh or helpers
  'core.sshCommand=',
  'core.askPass=',
  'credential.helper=',
  'core.gitProxy=',
];

/** For commands that show diffs (diff, blame, format-patch): no textconv filter, no external diff driver. */
export const NO_CONVERSION: readonly string[] = ['--no-textconv', '--no-ext-diff'];

/** simple-git refuses to set these keys unless told; we set them only to the harmless values above. */
const ALLOW_NEUTRALISING: SimpleGitOptions['unsafe'] = {
  allowUnsafeFsMonitor: true,
  allowUnsafeHooksPath: true,
  allowUnsafeGpgProgram: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeDiffTextConv: true,
  allowUnsafePager: true,
  allowUnsafeProtocolOverride: true,
  allowUnsafeSshCommand: true,
  allowUnsafeAskPass: true,
  allowUnsafeCredentialHelper: true,
  allowUnsafeGitProxy: true,
  allowUnsafeFilter: true,
};

export interface SafeGitOptions extends Partial<Pick<SimpleGitOptions, 'timeout' | 'abort' | 'allowEnvironment'>> {
  /** Extra `-c` settings that neutralise more (the repository's filter drivers, say). */
  readonly config?: readonly string[];
  /** stdin for the command. */
  readonly input?: string;
  /** Also allow GIT_CONFIG_* from the environment (the user's own `git -c`, seen by the hook). */
  readonly allowConfigEnv?: boolean;
  /** Leave core.hooksPath as configured: install-hook asks git where hooks go (it runs none). */
  readonly asksForHooksPath?: boolean;
  /** Environment variables added to ours (GIT_INDEX_FILE for a scratch index). */
  readonly env?: Readonly<Record<string, string>>;
}

let simpleGitModule: typeof import('simple-git') | undefined;

/**
 * Loads simple-git now rather than at the first git command: a language server
 * does it once started, so that loading it (tens of milliseconds) does not fall
 * on the first document's first keystrokes.
 */
export function preloadGit(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  simpleGitModule ??= require('simple-git') as typeof import('simple-git');
}

export function safeGit(baseDir: string, opts: SafeGitOptions = {}): SimpleGit {
  // Loaded on first use (a bundle of its own, see scripts/build.mjs): `--no-git` and the
  // commit-msg hook's parsing never pay for simple-git, its debug/tty modules and child_process.
  preloadGit();
  const { simpleGit } = simpleGitModule!;
  const { config = [], input, allowConfigEnv, asksForHooksPath, env, ...rest } = opts;
  const neutral = asksForHooksPath ? NEUTRALISED_CONFIG.filter((c) => !c.startsWith('core.hooksPath=')) : NEUTRALISED_CONFIG;
  const g = simpleGit({
    baseDir,
    ...rest,
    // The variables we set are the ones simple-git's environment guard is told to let through.
    ...(env ? { allowEnvironment: [...(rest.allowEnvironment ?? []), ...Object.keys(env)] } : {}),
    config: [...neutral, ...config],
    unsafe: { ...ALLOW_NEUTRALISING, ...(allowConfigEnv ? { allowUnsafeConfigEnvCount: true } : {}) },
    ...(input !== undefined ? { input: () => input } : {}),
  });
  return env ? g.env({ ...passedEnv(), ...env }) : g;
}

/**
 * What of our environment a git given its own variables still needs: where
 * programs and the user's config are, and the locale. simple-git replaces the
 * whole environment (and refuses an editor or pager in it).
 */
function passedEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'XDG_CONFIG_HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'SYSTEMROOT']) {
    const v = process.env[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * `-c` settings that switch off every filter and diff driver the repository
 * configures, for commands that read the work tree (`git status` runs clean
 * filters) or start other git processes that do not get our flags (`format-patch
 * --range-diff` runs `git log -p`, which applies textconv drivers). An empty
 * clean/smudge is no filter; an empty textconv is an error, so `cat`: the text
 * as it is.
 */
export async function driverNeutralisers(baseDir: string): Promise<string[]> {
  let out = '';
  try {
    out = await safeGit(baseDir).raw(['config', '--name-only', '--get-regexp', '^(filter\\..*\\.(clean|smudge|process)|diff\\..*\\.(textconv|command))$']);
  } catch {
    return []; // none configured (git exits 1)
  }
  const settings = new Set<string>();
  for (const line of out.split('\n')) {
    const filter = /^filter\.(.*)\.(?:clean|smudge|process)$/.exec(line.trim());
    if (filter) for (const k of ['clean=', 'smudge=', 'process=', 'required=false']) settings.add(`filter.${filter[1]}.${k}`);
    const diff = /^diff\.(.*)\.(?:textconv|command)$/.exec(line.trim());
    if (diff) for (const k of ['textconv=cat', 'command=']) settings.add(`diff.${diff[1]}.${k}`);
  }
  return [...settings];
}

/**
 * NEUTRALISED_CONFIG as the environment carries it (GIT_CONFIG_COUNT), for
 * programs we start that run git themselves (checkpatch.pl, b4): every git
 * they start gets the same settings as ours.
 */
export function neutralisedGitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_COUNT: String(NEUTRALISED_CONFIG.length) };
  NEUTRALISED_CONFIG.forEach((kv, i) => {
    const eq = kv.indexOf('=');
    env[`GIT_CONFIG_KEY_${i}`] = kv.slice(0, eq);
    env[`GIT_CONFIG_VALUE_${i}`] = kv.slice(eq + 1);
  });
  return env;
}
