import type { CleanupMode, LintConfig, Profile, SeveritySetting } from './types';
import { BUILTIN_TREES, IPROUTE2_WORDS } from './parse/subject';

export const DEFAULT_CONFIG: LintConfig = Object.freeze({
  lineLength: 75,
  extraTrees: [],
  treeRefs: {},
  commentChar: '#',
  cleanup: 'default',
  rules: {},
  profile: 'send',
});

/** What a `.bpf-patch-lint.json` file (or editor settings) may say; every key optional. */
export interface ConfigInput {
  readonly lineLength?: number;
  readonly extraTrees?: readonly string[];
  /** Where each tree's branch is, when no remote says so by its URL or name (used by the git layer). */
  readonly treeRefs?: Readonly<Record<string, string>>;
  readonly commentChar?: string;
  /** Set by the hook and `--cleanup` from how git commits, never by a config file. */
  readonly cleanup?: CleanupMode;
  readonly rules?: Readonly<Record<string, SeveritySetting>>;
  readonly profile?: Profile;
}

/** Later layers win; rule settings merge per rule, extra trees accumulate. */
export function mergeConfig(...layers: (ConfigInput | undefined)[]): LintConfig {
  let out: LintConfig = DEFAULT_CONFIG;
  for (const layer of layers) {
    if (!layer) continue;
    out = {
      lineLength: layer.lineLength ?? out.lineLength,
      extraTrees: [...new Set([...out.extraTrees, ...(layer.extraTrees ?? [])])],
      treeRefs: { ...out.treeRefs, ...(layer.treeRefs ?? {}) },
      commentChar: layer.commentChar ?? out.commentChar,
      cleanup: layer.cleanup ?? out.cleanup,
      rules: { ...out.rules, ...(layer.rules ?? {}) },
      profile: layer.profile ?? out.profile,
    };
  }
  return out;
}

export function knownTrees(config: LintConfig): Set<string> {
  return new Set([...BUILTIN_TREES, ...config.extraTrees.map((t) => t.toLowerCase())]);
}

export function treeWords(config: LintConfig): Set<string> {
  return new Set([...knownTrees(config), ...IPROUTE2_WORDS]);
}
