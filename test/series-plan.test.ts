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
import { carryOverCoverLetter, nextVersion, readCoverLetter, recipients, suggestTree } from '../server/src/engine/series-plan';
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
  });

  it('suggests bpf for fixes and proposes the version after the newest', () => {
    const c = (fixes: string[]) => ({ sha: 'a', subject: 's', fixes, files: [] });
    assert.equal(suggestTree([c([]), c(['123456789012 ("x")'])]), 'bpf');
    assert.equal(suggestTree([c([])]), 'bpf-next');
    assert.equal(nextVersion([]), 1);
    assert.equal(nextVersion([1, 3]), 4);
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
        ['  ✖Tree prefix', '  ✔Fixes tags', '  –Fixes verified in git', '  ✖Cc stable', '  ✔Sign-off', '  ✔Selftests', '  ✔Cover letter and series', '  ✔Lists and MAINTAINERS', '  ✔Commit message'],
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
      assert.deepEqual(rows('0000-cover.patch'), ['  ✔Tree prefix', '  –Fixes tags', '  –Fixes verified in git', '  ✔Cc stable', '  –Sign-off', '  –Selftests', '  ✔Cover letter and series', '  ✔Lists and MAINTAINERS', '  –Commit message']);
      assert.match(out.stdout, /Sign-off +\(n\/a for a cover letter\)/);
      assert.deepEqual(rows('0001-x.patch').filter((r) => /Sign-off|Commit message/.test(r)), ['  ✖Sign-off', '  ✔Commit message']);
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
      assert.deepEqual(m.checks.find((c: { check: string }) => c.check === 'tree'), { check: 'tree', title: 'Tree prefix', state: 'skip', note: 'not a BPF/netdev submission', findings: [] });
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
        out.stdout.split('\n').filter((l) => /^  [✔✖▲–]/.test(l)).map((l) => l.slice(0, 3) + l.slice(4).replace(/ +\(.*\)$/, '')),
        ['  ✔Tree prefix', '  ✔Fixes tags', '  –Fixes verified in git', '  ✔Cc stable', '  ✔Sign-off', '  ✔Selftests', '  ✔Cover letter and series', '  ✔Lists and MAINTAINERS', '  ✔Commit message'].map((r) =>
          /Tree prefix|Cover letter|Lists/.test(r) ? r.replace('✔', '–') : r,
        ),
      );
      assert.match(out.stdout, /Lists and MAINTAINERS +\(a commit message is not a mail yet\)/);
      assert.match(out.stdout, /^  judged as a BPF\/netdev submission: its subject says it is a BPF change$/m);
      assert.match(out.stdout, /^1 message: 0 errors, 0 warnings, 1 info\.$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
