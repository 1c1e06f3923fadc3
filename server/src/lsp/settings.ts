/**
 * Editor settings (`bpfPatchLint.*`) and how they combine with the project's
 * `.bpf-patch-lint.json`: the file is the repository's shared agreement, so it
 * wins key by key over the user's settings; rule severities merge per rule.
 */
import { mergeConfig, type ConfigInput } from '../engine/config';
import type { LintConfig, SeveritySetting } from '../engine/types';

export interface ServerSettings {
  readonly enable: boolean;
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  readonly lineLength?: number;
  readonly extraTrees: readonly string[];
  /** A kernel source tree whose Documentation/bpf/bpf_devel_QA.rst hovers and links use. */
  readonly kernelTree?: string;
  /** Documents larger than this many characters are not linted. */
  readonly maxDocumentSize: number;
  /** Ask the document's git repository about the commits it mentions. */
  readonly git: boolean;
  /** Milliseconds a git command may stay silent before it is given up. */
  readonly gitTimeoutMs: number;
  /** Run the kernel tree's checkpatch.pl on patch files (trusted workspaces only). */
  readonly checkpatch: boolean;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  enable: true,
  rules: {},
  extraTrees: [],
  maxDocumentSize: 16 * 1024 * 1024,
  git: true,
  gitTimeoutMs: 5000,
  checkpatch: true,
};

const SEVERITIES = new Set(['off', 'error', 'warning', 'info', 'hint']);

/** Reads whatever the client sent, keeping only well-formed values (bad input never throws). */
export function normalizeSettings(raw: unknown): ServerSettings {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, SeveritySetting> = {};
  if (o.rules && typeof o.rules === 'object') {
    for (const [k, v] of Object.entries(o.rules as Record<string, unknown>)) {
      if (typeof v === 'string' && SEVERITIES.has(v)) rules[k] = v as SeveritySetting;
    }
  }
  const lineLength = typeof o.lineLength === 'number' && o.lineLength >= 20 && o.lineLength <= 1000 ? Math.floor(o.lineLength) : undefined;
  const extraTrees = Array.isArray(o.extraTrees) ? o.extraTrees.filter((t): t is string => typeof t === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(t)) : [];
  const kernelTree = typeof o.kernelTree === 'string' && o.kernelTree.trim() !== '' ? o.kernelTree.trim() : undefined;
  const maxDocumentSize = typeof o.maxDocumentSize === 'number' && o.maxDocumentSize > 0 ? o.maxDocumentSize : DEFAULT_SETTINGS.maxDocumentSize;
  const gitSection = (o.git && typeof o.git === 'object' ? o.git : {}) as Record<string, unknown>;
  const git = gitSection.enable !== false;
  const gitTimeoutMs = typeof gitSection.timeoutMs === 'number' && gitSection.timeoutMs >= 100 ? gitSection.timeoutMs : DEFAULT_SETTINGS.gitTimeoutMs;
  const checkpatchSection = (o.checkpatch && typeof o.checkpatch === 'object' ? o.checkpatch : {}) as Record<string, unknown>;
  const checkpatch = checkpatchSection.enable !== false;
  return { enable: o.enable !== false, rules, lineLength, extraTrees, kernelTree, maxDocumentSize, git, gitTimeoutMs, checkpatch };
}

export function effectiveConfig(settings: ServerSettings, file: ConfigInput | undefined): LintConfig {
  return mergeConfig({ rules: settings.rules, lineLength: settings.lineLength, extraTrees: settings.extraTrees }, file);
}
