import { FAQ } from '../engine/faq';
import { touchedPaths, type Message } from '../engine/model';
import type { Fix, Rule } from '../engine/types';
import { hasFixesLine } from './fixes-tag-format';
import { FIX_TREES, insertLinesBefore, lineOf, messagesWithText, treeOf, trailerInsertion } from './util';

/** Words that show the message quotes a crash report. */
const CRASH = /\bKASAN\b|\bUBSAN\b|Call Trace:|\bsyzbot\b/;

/** Trailers that name syzbot without quoting a crash (it tested a feature, it is copied). */
const NOT_A_REPORT = /^\s*(tested-by|cc)\s*:/i;

function quotesCrash(m: Message): boolean {
  return m.bodyLines.some((i) => {
    const t = lineOf(m, i).text;
    return CRASH.test(t) && !NOT_A_REPORT.test(t);
  });
}

/** A patch that only touches selftests: the test for a fix usually carries no Fixes tag itself. */
function onlySelftests(m: Message): boolean {
  const paths = touchedPaths(m);
  return paths.length > 0 && paths.every((p) => p.startsWith('tools/testing/selftests/'));
}

/** A `Fixes: ` line to fill in, at the top of the trailer block. */
function templateFix(m: Message): Fix[] {
  const L = m.document.lines;
  const edit = m.trailerBlock ? insertLinesBefore(m, L.line(m.trailerBlock.firstLine), ['Fixes: ']) : trailerInsertion(m, ['Fixes: ']);
  return edit ? [{ title: 'Add a Fixes: line to fill in', edits: [edit] }] : [];
}

const rule: Rule = {
  id: 'fixes-tag-missing',
  description: 'A patch for a fixes tree (bpf, net) has no Fixes tag.',
  severity: 'error',
  faq: FAQ.minimumRequirement,
  readiness: 'fixes',
  appliesTo: 'submission',
  explanation: [
    'The `bpf` and `net` trees take fixes only, and every fix must say which commit it',
    'repairs. Stable maintainers and distributions decide what to backport from the',
    '`Fixes:` tag, and reviewers use it to judge the scope of the bug. Find the commit',
    'that introduced the problem (`git blame`, `git log -S`) and add',
    '`Fixes: <12+ hex> ("<its subject>")` at the top of the trailer block.',
  ].join('\n'),
  check(ctx) {
    for (const m of messagesWithText(ctx)) {
      if (m.isCoverLetter || hasFixesLine(m)) continue;
      const tree = treeOf(m);
      const treeToken = m.subject?.prefix.trees[0];
      if (tree && FIX_TREES.has(tree) && treeToken) {
        if (onlySelftests(m)) continue;
        // Neither fix is preferred: the template still needs its SHA and title, and
        // retargeting is only right when the patch is not a fix after all.
        const fixes = templateFix(m);
        if (treeToken.exact && !quotesCrash(m)) {
          fixes.push({ title: `Target ${tree}-next instead (not a fix)`, edits: [{ ...treeToken.span, newText: `${tree}-next` }] });
        }
        ctx.report(m, {
          message: `Patches for the ${tree} tree must carry a Fixes: tag naming the commit that introduced the bug (or target ${tree}-next if this is not a fix).`,
          range: treeToken.span,
          fixes,
        });
        continue;
      }
      if (!quotesCrash(m) || !m.subject) continue;
      ctx.report(m, {
        message: 'The message quotes a crash; if this fixes a bug, add a Fixes: tag naming the commit that introduced it.',
        range: treeToken?.span ?? m.subject.span,
        // No template here: a lone fix is applied by "fix all", and this is only a hint.
        severity: 'info',
      });
    }
  },
};

export default rule;
