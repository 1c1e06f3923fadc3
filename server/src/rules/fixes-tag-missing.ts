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

/** A patch that only touches selftests. */
function onlySelftests(m: Message): boolean {
  const paths = touchedPaths(m);
  return paths.length > 0 && paths.every((p) => p.startsWith('tools/testing/selftests/'));
}

/** A summary that says the patch repairs something (`Fix the build`, `flaky`, `Revert`). */
const REPAIR = /\b(?:fix(?:es|ed|ing)?|flak(?:e|y|iness)|broken|breakage|repair|revert|crash(?:es)?|build (?:error|failure)|compil(?:e|ation) (?:error|failure)|warning)\b/i;

/**
 * A test that accompanies a fix needs no Fixes tag of its own; a patch that
 * fixes the tests (a build break, a flaky test) is a fix like any other. A new
 * file, or a summary that says nothing of repairing, is the former.
 */
function newTest(m: Message): boolean {
  if (m.diff?.files.some((f) => f.status === 'added')) return true;
  return !REPAIR.test(m.subject?.summary.text ?? '');
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
        if (onlySelftests(m) && newTest(m)) continue;
        // In a fix series, a preparatory patch leaves the tag to the fix it prepares.
        const sibling = ctx.series.patches.find((p) => p !== m && hasFixesLine(p));
        // Neither fix is preferred: the template still needs its SHA and title, and
        // retargeting is only right when the patch is not a fix after all.
        const fixes = templateFix(m);
        if (treeToken.exact && !quotesCrash(m)) {
          fixes.push({ title: `Target ${tree}-next instead (not a fix)`, edits: [{ ...treeToken.span, newText: `${tree}-next` }] });
        }
        ctx.report(m, {
          message: sibling
            ? `Another patch of this ${tree} series carries a Fixes: tag; if this one is a fix too, name the commit it repairs, and if it prepares that fix, say so in its message.`
            : `Patches for the ${tree} tree must carry a Fixes: tag naming the commit that introduced the bug (or target ${tree}-next if this is not a fix).`,
          range: treeToken.span,
          fixes,
          severity: sibling ? 'info' : undefined,
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
