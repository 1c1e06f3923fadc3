import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { messagesWithText } from './util';

/** One component: `bpf`, `selftests/bpf`, `net/mlx5e`, `libbpf 1.0`, `tools headers UAPI`. */
const PART = String.raw`[A-Za-z0-9_][A-Za-z0-9_.+\-/]*(?: [A-Za-z0-9_.+\-/]+){0,2}`;
/** `bpf: `, `bpf, x86: `, `libbpf,bpf: `, `net: sched: ` (one or more components, then a colon). */
const SUBSYSTEM = new RegExp(String.raw`^${PART}(?:\s*,\s*${PART})*:(?: |\t|$)`);
/** Titles that have their own conventional form. */
const EXEMPT = /^(?:Revert\b|Reapply\b|Merge (?:branch|tag|remote-tracking|pull|git|commit)\b)/;
/** Autosquash markers git puts in front of a title. */
const AUTOSQUASH = /^(?:(?:fixup|squash|amend)! )+/;

export function hasSubsystemPrefix(summary: string): boolean {
  const s = summary.replace(AUTOSQUASH, '').trimStart();
  return EXEMPT.test(s) || SUBSYSTEM.test(s);
}

const rule: Rule = {
  id: 'subject-subsystem-missing',
  description: 'The summary does not start with a subsystem prefix such as "bpf: ".',
  severity: 'info',
  faq: FAQ.whichTree,
  readiness: 'message',
  appliesTo: 'every-patch',
  explanation: [
    'Kernel commit titles start with the area they touch followed by a colon, such as',
    '`bpf: `, `libbpf: `, `bpftool: ` or `selftests/bpf: `. Reviewers triage the list by it',
    'and `git log --oneline` stays readable years later. `git log --oneline -- <file>`',
    'shows which prefix earlier changes to the same files used.',
  ].join('\n'),
  check(ctx) {
    for (const m of messagesWithText(ctx)) {
      const subject = m.subject;
      if (!subject || m.isCoverLetter) continue;
      if (m.kind !== 'mail' && m.kind !== 'commit') continue;
      const summary = subject.summary;
      if (summary.text.trim() === '' || hasSubsystemPrefix(summary.text)) continue;
      ctx.report(m, {
        message: 'Start the summary with the subsystem it changes, e.g. "bpf: ", "libbpf: " or "selftests/bpf: ".',
        range: summary.span,
      });
    }
  },
};

export default rule;
