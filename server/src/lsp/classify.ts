/**
 * Which documents are ours, decided from the file name and the content, not
 * only from the languageId a client sends (VS Code says `git-commit`, Neovim
 * `gitcommit`, and a `.patch` may arrive as `diff` or `plaintext`).
 */
import type { DocumentKind } from '../engine/model';
import { isGitMessageFile } from '../node/git-message-file';

export interface Handling {
  readonly lint: boolean;
  /** Forced document kind (commit messages), or undefined to let the engine sniff. */
  readonly kind?: DocumentKind;
  /** Whether sibling patch files in the same folder form a series with it. */
  readonly series: boolean;
}

const PATCH_FILES = /\.(patch|mbox|eml)$/i;
const DIFF_FILES = /\.diff$/i;
/** VS Code's COMMIT_EDITMSG and its Source Control message box (`scminput`), Neovim's gitcommit. */
const COMMIT_LANGUAGES = new Set(['git-commit', 'gitcommit', 'scminput']);

/** The uri's path, percent-decoded when it can be ("%E0%A4%A" cannot: a throw here would fail every lint of the document). */
export function decodedPath(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export function handlingFor(uri: string, languageId: string, text: string): Handling {
  const path = decodedPath(uri);
  if (isGitMessageFile(path) || COMMIT_LANGUAGES.has(languageId)) return { lint: true, kind: 'message', series: false };
  if (PATCH_FILES.test(path) || languageId === 'kernel-patch') return { lint: true, kind: undefined, series: true };
  // A .diff has no message; diff-aware rules still apply (a diff with mail headers is a patch).
  if (DIFF_FILES.test(path)) return { lint: true, kind: undefined, series: true };
  // Untitled buffers and odd names: lint only when the content is clearly a format-patch mail.
  if (/^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001/.test(text)) return { lint: true, kind: undefined, series: false };
  return { lint: false, series: false };
}

/** Patch files that make up the series in one folder. */
export const SERIES_FILE = /\.(patch|eml)$/i;
