/**
 * The rule catalogue. Ids are a contract: configs, suppressions and the CLI's
 * output use them. Order here is the order rules run and are listed in.
 */
import type { Rule } from '../engine/types';
import assistedBy from './assisted-by';
import bodyLineLength from './body-line-length';
import bugzillaLink from './bugzilla-link';
import ccStable from './cc-stable';
import coDevelopedBySignOff from './co-developed-by-sign-off';
import commitMessageEmpty from './commit-message-empty';
import commitReferenceFormat from './commit-reference-format';
import coverLetterPlaceholder from './cover-letter-placeholder';
import diffInCommitMessage from './diff-in-commit-message';
import fixesAuthorNotCc from './fixes-author-not-cc';
import fixesTagAmbiguous from './fixes-tag-ambiguous';
import fixesTargetNotInTree from './fixes-target-not-in-tree';
import fixesTagFormat from './fixes-tag-format';
import fixesTagInSeries from './fixes-tag-in-series';
import fixesTagMissing from './fixes-tag-missing';
import fixesTagTitleMismatch from './fixes-tag-title-mismatch';
import fixesTagUnrelated from './fixes-tag-unrelated';
import fixesTagUnknownCommit from './fixes-tag-unknown-commit';
import gerritChangeId from './gerrit-change-id';
import iproute2BranchMissing from './iproute2-branch-missing';
import linkNotLore from './link-not-lore';
import mailingListMissing from './mailing-list-missing';
import maintainersNewFileUnowned from './maintainers-new-file-unowned';
import maintainersNotCc from './maintainers-not-cc';
import mergeWindowOpen from './merge-window-open';
import rangeDiffUnchanged from './range-diff-unchanged';
import reportedByClosesLink from './reported-by-closes-link';
import samplesInsteadOfSelftests from './samples-instead-of-selftests';
import seriesCoverLetterMissing from './series-cover-letter-missing';
import seriesDoesNotApply from './series-does-not-apply';
import seriesIncomplete from './series-incomplete';
import seriesInconsistentPrefix from './series-inconsistent-prefix';
import seriesTooLong from './series-too-long';
import signedOffByAuthorMismatch from './signed-off-by-author-mismatch';
import signedOffByMissing from './signed-off-by-missing';
import subjectLineLength from './subject-line-length';
import subjectPrefixOrder from './subject-prefix-order';
import subjectSubsystemMissing from './subject-subsystem-missing';
import subjectTreeMissing from './subject-tree-missing';
import subjectTreeSuggestion from './subject-tree-suggestion';
import subjectTreeUnknown from './subject-tree-unknown';
import subjectVersionFormat from './subject-version-format';
import trailerSyntax from './trailer-syntax';
import uapiToolsHeaderSync from './uapi-tools-header-sync';
import verifierChangeWithoutSelftest from './verifier-change-without-selftest';
import versionChangelogMissing from './version-changelog-missing';

export const RULES: readonly Rule[] = [
  subjectTreeMissing,
  subjectTreeUnknown,
  subjectTreeSuggestion,
  mergeWindowOpen,
  subjectPrefixOrder,
  subjectVersionFormat,
  iproute2BranchMissing,
  subjectSubsystemMissing,
  subjectLineLength,
  commitMessageEmpty,
  signedOffByMissing,
  signedOffByAuthorMismatch,
  trailerSyntax,
  coDevelopedBySignOff,
  assistedBy,
  reportedByClosesLink,
  linkNotLore,
  bodyLineLength,
  fixesTagFormat,
  fixesTagMissing,
  fixesTagUnknownCommit,
  fixesTagAmbiguous,
  fixesTagTitleMismatch,
  fixesTagUnrelated,
  fixesTagInSeries,
  fixesTargetNotInTree,
  ccStable,
  bugzillaLink,
  mailingListMissing,
  maintainersNotCc,
  fixesAuthorNotCc,
  maintainersNewFileUnowned,
  verifierChangeWithoutSelftest,
  samplesInsteadOfSelftests,
  uapiToolsHeaderSync,
  commitReferenceFormat,
  diffInCommitMessage,
  gerritChangeId,
  seriesCoverLetterMissing,
  seriesIncomplete,
  seriesInconsistentPrefix,
  seriesTooLong,
  seriesDoesNotApply,
  coverLetterPlaceholder,
  versionChangelogMissing,
  rangeDiffUnchanged,
];

export { applyQuestion, commitIdsIn, commitIdsOf, commitMentionAt, seriesToApply, sourceCommitsOf, treesToAskFor, type ApplyQuestion } from './git-refs';

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
