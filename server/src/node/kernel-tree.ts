/**
 * The user's own kernel tree, when an input lives in one: FAQ links then point
 * at their copy of Documentation/bpf/bpf_devel_QA.rst, at the heading's line,
 * which matches the kernel version they work on.
 */
import { existsSync } from 'node:fs';
import { cachedParse, LIMITS } from './bounded-read';
import { join } from 'node:path';
import { walkUp } from './walk-up';
import { pathToFileURL } from 'node:url';
import { FAQ_RST_PATH, faqHeadingLine, faqUrl, type FaqSection } from '../engine/faq';

export interface KernelTree {
  readonly root: string;
  readonly faqPath: string;
  readonly faqText: string;
}

const faqCache = new Map<string, { id: string; value: string }>();

/** The kernel tree containing `start` (a file or folder): a folder with MAINTAINERS and the BPF FAQ. */
export function findKernelTree(start: string): KernelTree | undefined {
  return walkUp(start, (dir) => {
    const faqPath = join(dir, FAQ_RST_PATH);
    if (!existsSync(join(dir, 'MAINTAINERS')) || !existsSync(faqPath)) return undefined;
    // A FAQ that is no regular file (a link to /dev/zero) or absurdly large is no FAQ.
    const faqText = cachedParse(faqCache, faqPath, LIMITS.faq, (text) => text);
    return faqText === undefined ? undefined : { root: dir, faqPath, faqText };
  });
}

/** A link to the section: the local copy at its heading when the tree has it, else kernel.org. */
export function faqLink(section: FaqSection, tree: KernelTree | undefined): string {
  if (tree) {
    const line = faqHeadingLine(tree.faqText, section);
    if (line !== undefined) return `${pathToFileURL(tree.faqPath).href}#L${line}`;
  }
  return faqUrl(section);
}
