/**
 * The series plan (engine/series-plan.ts: cover letter carried over, recipients,
 * tree and version) and the CLI's --format summary, both in process: moved out
 * of format-patch.test.ts, whose git and language-server tests cannot run under
 * mutation testing, so that these can (#19).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { cliInProcess, SMALL_MAINTAINERS } from './helpers/cli-in-process';
import { join } from 'node:path';
import { parseMaintainers } from '../server/src/engine/maintainers';
import { carryOverCoverLetter, chooseTree, fixTargetId, nextVersion, readCoverLetter, recipients, singlePatchChanges, subjectPrefix, suggestTree, withoutPlaceholders, type PlannedCommit } from '../server/src/engine/series-plan';
import { coverLetter, patch } from './helpers/mail';

const MAINTAINERS = SMALL_MAINTAINERS;

const AUTHOR = 'Jane Developer <jane@example.org>';

const cli = cliInProcess;

describe('series plan', () => {
  it('carries the blurb over and puts the new changelog above the older ones', () => {
    const previous = readCoverLetter(
      'From 0 Mon Sep 17 00:00:00 2001\r\nSubject: [PATCH bpf-next v2 0/2] bpf: Track\r\n c better\r\n\r\nThis tracks c.\r\n\r\nChanges in v2:\r\n- renamed\r\n\r\nJane Developer (2):\r\n  bpf: One\r\n\r\nbase-commit: 1234\r\n-- \r\n2.39.5\r\n',
    );
    assert.deepEqual(previous, { title: 'bpf: Track c better', blurb: 'This tracks c.\n\nChanges in v2:\n- renamed' });
    const generated = 'Subject: [PATCH bpf-next v3 0/2] *** SUBJECT HERE ***\n\n*** BLURB HERE ***\n\nJane Developer (2):\n';
    assert.equal(
      carryOverCoverLetter(generated, previous, 3),
      'Subject: [PATCH bpf-next v3 0/2] bpf: Track c better\n\nThis tracks c.\n\nChanges in v3:\n- *** CHANGES HERE ***\n\nChanges in v2:\n- renamed\n\nJane Developer (2):\n',
    );
    assert.equal(carryOverCoverLetter(generated.replace(/\n/g, '\r\n'), undefined, 2), 'Subject: [PATCH bpf-next v3 0/2] *** SUBJECT HERE ***\r\n\r\n*** BLURB HERE ***\r\n\r\nChanges in v2:\r\n- *** CHANGES HERE ***\r\n\r\nJane Developer (2):\r\n');
    assert.equal(carryOverCoverLetter(generated, undefined, 1), generated, 'v1 keeps git\'s template');
  });

  it('addresses lists in To and people in Cc, once each, never the sender', () => {
    const sections = parseMaintainers(MAINTAINERS + '\nBPF SELFTESTS\nM:\tJane Developer <jane@example.org>\nM:\tAlexei Starovoitov <ast@kernel.org>\nL:\tbpf@vger.kernel.org\nF:\ttools/testing/selftests/bpf/\n');
    assert.deepEqual(recipients('bpf', ['kernel/bpf/core.c', 'tools/testing/selftests/bpf/a.c', 'net/core/dev.c'], sections, 'JANE@example.org'), {
      to: ['bpf@vger.kernel.org', 'netdev@vger.kernel.org'],
      cc: ['Alexei Starovoitov <ast@kernel.org>', 'John Reviewer <john@example.org>', 'Net Maintainer <davem@example.org>'],
    });
    assert.deepEqual(recipients('net-next', [], undefined), { to: ['netdev@vger.kernel.org'], cc: [] });
    // The people of the fixed commits (get_maintainer.pl --fixes), once each, never the sender.
    assert.deepEqual(recipients('bpf', ['kernel/bpf/core.c'], sections, 'jane@example.org', ['Ann Author <ann@x.org>', 'ALEXEI Starovoitov <AST@kernel.org>', 'Jane Developer <jane@example.org>', 'Ann Author <ann@x.org>']), {
      to: ['bpf@vger.kernel.org'],
      cc: ['Alexei Starovoitov <ast@kernel.org>', 'John Reviewer <john@example.org>', 'Ann Author <ann@x.org>'],
    });
  });

  it('suggests bpf for fixes and proposes the version after the newest', () => {
    const c = (fixes: string[]) => ({ sha: 'a', subject: 's', fixes, files: [] });
    assert.equal(suggestTree([c([]), c(['123456789012 ("x")'])]), 'bpf');
    assert.equal(suggestTree([c([])]), 'bpf-next');
    assert.equal(nextVersion([]), 1);
    assert.equal(nextVersion([1, 3]), 4);
  });
});

describe('series plan: the tree, and why (#19)', () => {
  const SHA = (c: string) => c.repeat(40);
  const commit = (sha: string, fixes: string[], fixTargets?: PlannedCommit['fixTargets']): PlannedCommit => ({ sha, subject: `s ${sha.slice(0, 4)}`, fixes, files: [], ...(fixTargets ? { fixTargets } : {}) });
  const shipped = { id: 'aaaaaaaaaaaa', found: true, sha: SHA('a'), subject: 'bpf: Old', release: 'v6.10' };
  const unreleased = (c: string, subject?: string) => ({ id: c.repeat(12), found: true, sha: SHA(c), ...(subject ? { subject } : {}), release: null });
  const rows: Array<[string, PlannedCommit[], string, string, string[]]> = [
    ['no Fixes: tags', [commit(SHA('1'), [])], 'bpf-next', 'no Fixes: tags', []],
    [
      'Fixes: tags naming commits of the series only (any case, "commit " before the id)',
      [commit(SHA('1'), []), commit(SHA('2'), ['111111111111 ("s 1111")', 'commit 1111111'])],
      'bpf-next',
      'its Fixes: tags name commits of this series only',
      ['111111111111', '1111111'],
    ],
    ['a fix for a commit in a release', [commit(SHA('1'), ['aaaaaaaaaaaa ("bpf: Old")'], [shipped])], 'bpf', 'aaaaaaaaaaaa ("bpf: Old") is in v6.10', []],
    ['a fix for a commit in no release tag', [commit(SHA('1'), ['bbbbbbbbbbbb'], [unreleased('b', 'bpf: New')])], 'bpf-next', 'bbbbbbbbbbbb ("bpf: New") is in no release tag here', []],
    [
      'fixes for commits in no release tag, named without a subject when git gave none',
      [commit(SHA('1'), ['bbbbbbbbbbbb']  , [unreleased('b')]), commit(SHA('2'), ['cccccccccccc'], [unreleased('c', 'bpf: C')])],
      'bpf-next',
      'bbbbbbbbbbbb, cccccccccccc ("bpf: C") are in no release tag here',
      [],
    ],
    ['one released target among unreleased ones decides', [commit(SHA('1'), ['bbbbbbbbbbbb', 'aaaaaaaaaaaa'], [unreleased('b'), shipped])], 'bpf', 'aaaaaaaaaaaa ("bpf: Old") is in v6.10', []],
    ['a fix git was not asked about', [commit(SHA('1'), ['dddddddddddd ("x")'])], 'bpf', 'a commit has a Fixes: tag (whether what it fixes shipped is unknown here)', []],
    ['a fix for a commit git does not have', [commit(SHA('1'), ['dddddddddddd'], [{ id: 'dddddddddddd', found: false }])], 'bpf', 'a commit has a Fixes: tag (whether what it fixes shipped is unknown here)', []],
    ['an unreleased target beside an unknown one', [commit(SHA('1'), ['bbbbbbbbbbbb', 'dddddddddddd'], [unreleased('b'), { id: 'dddddddddddd', found: false }])], 'bpf', 'a commit has a Fixes: tag (whether what it fixes shipped is unknown here)', []],
    ['a Fixes: value with no id', [commit(SHA('1'), ['the previous patch'])], 'bpf', 'a commit has a Fixes: tag (whether what it fixes shipped is unknown here)', []],
    // A commit naming itself fixes something outside the series as far as the series knows.
    ['a commit whose tag names its own id', [commit(SHA('1'), ['111111111111'])], 'bpf', 'a commit has a Fixes: tag (whether what it fixes shipped is unknown here)', []],
  ];
  for (const [name, commits, tree, why, inSeries] of rows) {
    it(`${name}: ${tree}`, () => {
      const choice = chooseTree(commits);
      assert.deepEqual([choice.tree, choice.why, choice.inSeries.map((s) => s.id)], [tree, why, inSeries]);
      assert.equal(suggestTree(commits), tree);
    });
  }

  const ids: Array<[string, string | undefined]> = [
    ['0123456789ab ("bpf: x")', '0123456789ab'],
    ['ABCDEF1', 'abcdef1'],
    ['commit   abcd', 'abcd'],
    ['abc', undefined],
    ['abcdefg', undefined],
    [' 0123456789ab', undefined],
    ['https://lore.kernel.org/x', undefined],
  ];
  for (const [value, expected] of ids) {
    it(`the id of Fixes: ${JSON.stringify(value)} is ${expected}`, () => assert.equal(fixTargetId(value), expected));
  }

  it('builds the subject prefix: RFC first, extra words between PATCH and the tree', () => {
    assert.equal(subjectPrefix('bpf-next', false), 'PATCH bpf-next');
    assert.equal(subjectPrefix('bpf', true), 'RFC PATCH bpf');
    assert.equal(subjectPrefix('bpf-next', true, ['RESEND']), 'RFC PATCH RESEND bpf-next');
  });
});

describe('series plan: changelogs carried to the next version (#19)', () => {
  const single = (notes: string[] = []) => ['Subject: [PATCH bpf-next v1] bpf: x', '', 'Body.', '', `Signed-off-by: ${AUTHOR}`, '---', ...notes, ' kernel/bpf/core.c | 2 +-', ' 1 file changed', '', 'diff --git a/kernel/bpf/core.c b/kernel/bpf/core.c'];

  it('gives a single patch a changelog to fill in, below ---, keeping the line ending', () => {
    const expected = (eol: string) => [...single().slice(0, 6), 'Changes in v2:', '- *** CHANGES HERE ***', '', 'v1: *** LINK HERE ***', '', ...single().slice(6)].join(eol);
    assert.equal(singlePatchChanges(single().join('\n'), 2), expected('\n'));
    assert.equal(singlePatchChanges(single().join('\r\n'), 2), expected('\r\n'));
  });

  it('carries the previous version\'s filled-in changelog below the new one, and drops what it left unfilled', () => {
    const previous = single(['Changes in v2:', '- *** CHANGES HERE ***', '', 'Changes in v1:', '- renamed the map', '', 'v1: *** LINK HERE ***', 'Range-diff against v0:', '1: x']).join('\n');
    const out = singlePatchChanges(single().join('\n'), 3, previous);
    assert.equal(out, [...single().slice(0, 6), 'Changes in v3:', '- *** CHANGES HERE ***', '', 'v2: *** LINK HERE ***', '', 'Changes in v1:', '- renamed the map', '', ...single().slice(6)].join('\n'));
    // A previous patch with no changelog, or no --- line, adds nothing older.
    assert.equal(singlePatchChanges(single().join('\n'), 2, single().join('\n')), singlePatchChanges(single().join('\n'), 2));
    assert.equal(singlePatchChanges(single().join('\n'), 2, 'no separator here'), singlePatchChanges(single().join('\n'), 2));
  });

  it('leaves a text without --- as it is', () => {
    assert.equal(singlePatchChanges('Subject: x\n\nBody.\n', 2), 'Subject: x\n\nBody.\n');
  });

  const unfilled: Array<[string, string[], string[]]> = [
    ['marker lines go', ['Blurb.', '- *** CHANGES HERE ***', '- real change'], ['Blurb.', '- real change']],
    ['a heading left with nothing under it goes', ['Blurb.', '', 'Changes in v2:', '- *** CHANGES HERE ***', '', 'Changes in v1:', '- kept'], ['Blurb.', '', 'Changes in v1:', '- kept']],
    ['a heading followed by a link line goes', ['Changes in v2:', '- *** CHANGES HERE ***', '', 'v1: https://lore.kernel.org/x'], ['v1: https://lore.kernel.org/x']],
    ['a heading at the end goes, and trailing blank lines', ['Blurb.', '', 'Changes in v2:', '', ''], ['Blurb.']],
    ['doubled blank lines collapse, leading ones go', ['', 'a', '', '*** LINK HERE ***', '', 'b'], ['a', '', 'b']],
    ['a heading with text under it stays', ['Changes in v2:', '- one'], ['Changes in v2:', '- one']],
  ];
  for (const [name, lines, expected] of unfilled) {
    it(`without placeholders: ${name}`, () => assert.deepEqual(withoutPlaceholders(lines), expected));
  }

  it('reads a cover letter\'s title and blurb, and stops at the shortlog, range-diff, base-commit or signature', () => {
    assert.deepEqual(readCoverLetter('Subject: [PATCH bpf-next v2 0/3] [RFC] bpf: A\n\tfolded title\n\nBlurb.\n\nRange-diff against v1:\n1: x'), { title: 'bpf: A folded title', blurb: 'Blurb.' });
    assert.deepEqual(readCoverLetter('Subject: [PATCH 0/2] bpf: T\n\nB.\nbase-commit: 123\n'), { title: 'bpf: T', blurb: 'B.' });
    assert.deepEqual(readCoverLetter('Subject: [PATCH 0/2] bpf: T\n\nB.\n-- \n2.43.0\n'), { title: 'bpf: T', blurb: 'B.' });
    assert.deepEqual(readCoverLetter('Subject: [PATCH 0/2]\n\n\nJane (2):\n  a\n'), { title: undefined, blurb: undefined });
    assert.deepEqual(readCoverLetter('Subject: [PATCH 0/2] T'), { title: 'T' });
    assert.deepEqual(readCoverLetter('no headers\n\nB.'), { title: undefined, blurb: 'B.' });
  });

  it('opens the new version\'s changelog above the older ones, or below the blurb, and keeps the line ending', () => {
    const generated = (eol: string) => ['Subject: [PATCH v3 0/2] *** SUBJECT HERE ***', '', '*** BLURB HERE ***', '', 'Jane (2):'].join(eol);
    for (const eol of ['\n', '\r\n']) {
      assert.equal(
        carryOverCoverLetter(generated(eol), { title: 'bpf: T', blurb: 'Why.\n\nChanges in v2:\n- x' }, 3),
        ['Subject: [PATCH v3 0/2] bpf: T', '', 'Why.', '', 'Changes in v3:', '- *** CHANGES HERE ***', '', 'Changes in v2:', '- x', '', 'Jane (2):'].join(eol),
      );
      assert.equal(
        carryOverCoverLetter(generated(eol), { title: 'bpf: T', blurb: 'Why.' }, 2),
        ['Subject: [PATCH v3 0/2] bpf: T', '', 'Why.', '', 'Changes in v2:', '- *** CHANGES HERE ***', '', 'Jane (2):'].join(eol),
      );
      // A first version keeps git's markers; a title with $& is taken literally.
      assert.equal(carryOverCoverLetter(generated(eol), undefined, 1), generated(eol));
      assert.equal(carryOverCoverLetter(generated(eol), { title: 'bpf: $& and $1' }, 1), generated(eol).replace('*** SUBJECT HERE ***', () => 'bpf: $& and $1'));
    }
  });
});

describe('--format summary', () => {
  it('prints one row per check for each message, with failing findings under their row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpl-summary-'));
    try {
      writeFileSync(join(dir, '0001-x.patch'), patch({ subject: '[PATCH] bpf: Keep register state', body: `Keep it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` }));
      const out = await cli(dir, ['--format', 'summary', '--no-git', join(dir, '0001-x.patch')]);
      assert.equal(out.code, 1);
      const lines = out.stdout.split('\n');
      assert.equal(lines[0], `${join(dir, '0001-x.patch')}: [PATCH] bpf: Keep register state`);
      assert.equal(lines[1], '  judged as a BPF/netdev submission: it changes kernel/bpf/syscall.c');
      assert.deepEqual(
        lines.filter((l) => /^  [✔✖▲–]/.test(l)).map((l) => l.slice(0, 3) + l.slice(4).split(/  +/)[0]),
        ['  ✖Tree prefix (tree_selection)', '  ✔Fixes tags (verify_fixes)', '  –Fixes verified in git (verify_fixes)', '  ✖Cc stable', '  ✔Sign-off (verify_signedoff)', '  ✔Selftests', '  ✔Cover letter and series (series_format)', '  ✔Lists and MAINTAINERS (cc_maintainers)', '  –Applies to the tree', '  –checkpatch.pl (checkpatch)', '  ✔Commit message'],
      );
      assert.match(out.stdout, /^ {6}line 9: .*\[cc-stable\]$/m);
      assert.match(out.stdout, /^1 message: 2 errors, 0 warnings\.$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('puts a misspelt sign-off under Sign-off, and marks the rows a cover letter has nothing for n/a', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpl-summary-'));
    try {
      writeFileSync(join(dir, '0000-cover.patch'), coverLetter({ subject: '[PATCH bpf-next 0/1] bpf: Keep register state' }));
      writeFileSync(join(dir, '0001-x.patch'), patch({ subject: '[PATCH bpf-next 1/1] bpf: Keep register state', body: `Keep it.\n\nSigned-of-by: ${AUTHOR}` }));
      const out = await cli(dir, ['--format', 'summary', '--no-git', dir]);
      assert.equal(out.code, 1);
      const rows = (file: string) => {
        const lines = out.stdout.split('\n');
        const at = lines.findIndex((l) => l.startsWith(join(dir, file)));
        const end = lines.findIndex((l, k) => k > at && !l.startsWith(' '));
        return lines.slice(at + 1, end).filter((l) => /^  [✔✖▲–]/.test(l)).map((l) => l.slice(0, 3) + l.slice(4).replace(/ {2,}.*$/, ''));
      };
      assert.deepEqual(rows('0000-cover.patch'), ['  ✔Tree prefix (tree_selection)', '  –Fixes tags (verify_fixes)', '  –Fixes verified in git (verify_fixes)', '  ✔Cc stable', '  –Sign-off (verify_signedoff)', '  –Selftests', '  ✔Cover letter and series (series_format)', '  ✔Lists and MAINTAINERS (cc_maintainers)', '  –Applies to the tree', '  –checkpatch.pl (checkpatch)', '  –Commit message']);
      assert.match(out.stdout, /Sign-off \(verify_signedoff\) +\(n\/a for a cover letter\)/);
      assert.deepEqual(rows('0001-x.patch').filter((r) => /Sign-off|Commit message/.test(r)), ['  ✖Sign-off (verify_signedoff)', '  ✔Commit message']);
      assert.match(out.stdout, /^ {6}line \d+: `Signed-of-by:` is not a known trailer.*\[trailer-syntax\]$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives every message its scope and checks as JSON (summary-json), findings or not (#12)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpl-summary-'));
    try {
      writeFileSync(join(dir, '0001-iwl.patch'), patch({ subject: '[PATCH iwl-net] ice: Fix XDP', files: ['drivers/net/ethernet/intel/ice/ice_xsk.c'] }));
      const out = await cli(dir, ['--format', 'summary-json', '--no-git', join(dir, '0001-iwl.patch')]);
      assert.equal(out.code, 0, out.stdout);
      const [m] = JSON.parse(out.stdout);
      assert.equal(m.file, join(dir, '0001-iwl.patch'));
      assert.deepEqual(m.scope, { submission: false, area: 'other', reason: 'the subject names another tree (iwl-net)' });
      assert.deepEqual(m.checks.find((c: { check: string }) => c.check === 'tree'), { check: 'tree', title: 'Tree prefix', nipa: 'tree_selection', state: 'skip', note: 'not a BPF/netdev submission', findings: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skips the mail-only rows for a commit message and counts its infos', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpl-summary-'));
    try {
      const text = `bpf: Keep register state\n\nThe verifier forgets the register state after a helper call; keep it.\n\nReported-by: John Doe <john@example.org>\nSigned-off-by: ${AUTHOR}\n`;
      writeFileSync(join(dir, 'msg.txt'), text);
      const out = await cli(dir, ['--format', 'summary', '--no-git', '--kind', 'message', join(dir, 'msg.txt')]);
      assert.equal(out.code, 0, out.stdout);
      assert.deepEqual(
        out.stdout.split('\n').filter((l) => /^  [✔✖▲–]/.test(l)).map((l) => l.slice(0, 3) + l.slice(4).replace(/ +\((?:a commit message is not a mail yet|git was not consulted|not run; --checkpatch runs it|not tried \(.*\))\)$/, '')),
        ['  ✔Tree prefix (tree_selection)', '  ✔Fixes tags (verify_fixes)', '  –Fixes verified in git (verify_fixes)', '  ✔Cc stable', '  ✔Sign-off (verify_signedoff)', '  ✔Selftests', '  ✔Cover letter and series (series_format)', '  ✔Lists and MAINTAINERS (cc_maintainers)', '  –Applies to the tree', '  –checkpatch.pl (checkpatch)', '  ✔Commit message'].map((r) =>
          /Tree prefix|Cover letter|Lists/.test(r) ? r.replace('✔', '–') : r,
        ),
      );
      assert.match(out.stdout, /Lists and MAINTAINERS \(cc_maintainers\) +\(a commit message is not a mail yet\)/);
      assert.match(out.stdout, /^  judged as a BPF\/netdev submission: its subject says it is a BPF change$/m);
      assert.match(out.stdout, /^1 message: 0 errors, 0 warnings, 1 info\.$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
