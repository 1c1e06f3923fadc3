import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The files git opens in the editor for a message it is about to record. */
const GIT_MESSAGE_FILES = /(^|[\\/])(COMMIT_EDITMSG|MERGE_MSG|SQUASH_MSG|TAG_EDITMSG)$/;

/** Whether `path` is named as one of git's message files (so it holds a commit message). */
export function isGitMessageFile(path: string): boolean {
  return GIT_MESSAGE_FILES.test(path);
}

/**
 * Whether `path` is git's message file of a real git directory (its HEAD beside
 * it): only there is the person running git (user.name/user.email) the author
 * who has to sign off. A file merely named COMMIT_EDITMSG (an example) is not.
 */
export function isRecordingMessageFile(path: string): boolean {
  return isGitMessageFile(path) && existsSync(join(dirname(path), 'HEAD'));
}
