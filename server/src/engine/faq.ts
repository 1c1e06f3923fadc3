/**
 * Sections of "HOWTO interact with BPF subsystem" (Documentation/bpf/bpf_devel_QA.rst)
 * that rules cite. Only headings are kept here; the text stays in the kernel tree.
 * Anchors are derived the way docutils derives ids, never typed by hand, so a
 * heading change in the FAQ cannot leave a stale anchor behind.
 */

export interface FaqSection {
  /** The heading exactly as it appears in the .rst file. */
  readonly heading: string;
  /** The HTML id Sphinx gives the heading. */
  readonly anchor: string;
}

export const FAQ_HTML_URL = 'https://www.kernel.org/doc/html/latest/bpf/bpf_devel_QA.html';
export const FAQ_RST_PATH = 'Documentation/bpf/bpf_devel_QA.rst';

/** docutils.nodes.make_id: ASCII-fold, lower-case, runs of other characters become '-'. */
export function sphinxAnchor(heading: string): string {
  const ascii = heading.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
  const words = ascii.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(/\s+/).filter(Boolean);
  return words.join('-').replace(/^[-0-9]+/, '');
}

function section(heading: string): FaqSection {
  return { heading, anchor: sphinxAnchor(heading) };
}

export const FAQ = {
  reportBugs: section('Q: How do I report bugs for BPF kernel code?'),
  mailingList: section('Q: To which mailing list do I need to submit my BPF patches?'),
  whichTree: section('Q: How do I indicate which tree (bpf vs. bpf-next) my patch should be applied to?'),
  feedbackLatency: section('Q: How long do I need to wait for feedback on my BPF patches?'),
  mergeWindow: section('Q: Are patches applied to bpf-next when the merge window is open?'),
  verifierTests: section('Q: Verifier changes and test cases'),
  samplesVsSelftests: section('Q: samples/bpf preference vs selftests?'),
  bpftool: section('Q: When should I add code to the bpftool?'),
  iproute2Patches: section("Q: Do you accept patches as well for iproute2's BPF loader?"),
  minimumRequirement: section('Q: What is the minimum requirement before I submit my BPF patches?'),
  stable: section('Q: The BPF patch I am about to submit needs to go to stable as well'),
} as const;

/** A reST section underline (or overline): one punctuation character, three times or more. */
export const RST_UNDERLINE = /^([-=~^"'`#*+])\1{2,}\s*$/;

export function faqUrl(sectionRef: FaqSection): string {
  return `${FAQ_HTML_URL}#${sectionRef.anchor}`;
}

/**
 * The 1-based line of a section heading in an .rst file's text (the user's own
 * kernel tree copy), or undefined when that copy lacks the heading.
 */
export function faqHeadingLine(rstText: string, sectionRef: FaqSection): number | undefined {
  const at = headingIndex(rstText.split(/\r\n|\r|\n/), sectionRef);
  return at === undefined ? undefined : at + 1;
}

/** The 0-based index of a section's heading among the lines of an .rst file (its underline follows). */
export function headingIndex(lines: readonly string[], sectionRef: FaqSection): number | undefined {
  for (let i = 0; i < lines.length - 1; i++) {
    if (lines[i].trim() === sectionRef.heading && RST_UNDERLINE.test(lines[i + 1])) return i;
  }
  return undefined;
}
