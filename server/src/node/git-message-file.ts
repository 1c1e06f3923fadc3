/** The files git opens in the editor for a message it is about to record. */
const GIT_MESSAGE_FILES = /(^|[\\/])(COMMIT_EDITMSG|MERGE_MSG|SQUASH_MSG|TAG_EDITMSG)$/;

/**
 * Whether `path` is one of git's message files: only there is the person
 * running git (user.name/user.email) the author who has to sign off.
 */
export function isGitMessageFile(path: string): boolean {
  return GIT_MESSAGE_FILES.test(path);
}
