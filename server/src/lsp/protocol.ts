/**
 * What the VS Code client and the server agree on beyond LSP itself. No
 * runtime dependencies: the client bundles these few constants.
 */

/** Server command: open (or, with `{ open: false }`, return) a rule's FAQ section. */
export const OPEN_FAQ_COMMAND = 'bpfPatchLint.openFaq';
/** Custom request: the rule catalogue's metadata, for pickers in the client. */
export const RULES_REQUEST = 'bpfPatchLint/rules';
/** Source of every diagnostic the server publishes. */
export const SOURCE = 'bpf-patch-lint';
export const FIX_ALL_KIND = 'source.fixAll.bpfPatchLint';
/** Client notification: whether the workspace is trusted (git runs only when it is). */
export const TRUST_NOTIFICATION = 'bpfPatchLint/trust';

export interface RuleInfo {
  readonly id: string;
  readonly description: string;
  readonly severity: string;
  readonly explanation: string;
  readonly faqHeading: string;
  readonly faqUrl: string;
}

/** Where a FAQ section is: the kernel tree's .rst at a 0-based line, or a web page. */
export interface FaqTarget {
  readonly uri: string;
  readonly line?: number;
  readonly external: boolean;
}
