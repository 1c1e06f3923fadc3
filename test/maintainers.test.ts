/**
 * MAINTAINERS as get_maintainer.pl reads it (engine/maintainers.ts): which
 * sections a path belongs to by F:/X: globs and N: name regexes, which own it
 * (F: only), which a patch's words (K:) bring in, and whom a change must be
 * sent to (#19).
 */
import assert from 'node:assert/strict';
import { parseMaintainers, requiredRecipients, sectionsFor, sectionsOwningFile } from '../server/src/engine/maintainers';

const TEXT = [
  'List of maintainers',
  '===================',
  '',
  'BPF [GENERAL]',
  'M:\tAlexei Starovoitov <ast@kernel.org>',
  'M:\t"Borkmann, Daniel" <daniel@iogearbox.net>',
  'R:\tJohn Fastabend <john.fastabend@gmail.com>',
  'R:\tnot an address',
  'L:\tbpf@vger.kernel.org (open list)',
  'S:\tSupported',
  'W:\thttps://bpf.io/',
  'T:\tgit git://git.kernel.org/pub/scm/linux/kernel/git/bpf/bpf.git',
  'F:\tkernel/bpf/',
  'F:\tinclude/linux/bpf*',
  'X:\tkernel/bpf/bpf_lru*',
  'N:\tbpf',
  'N:\t(unclosed',
  'K:\t\\bbpf_prog_run\\b',
  '',
  'BPF [VERIFIER]',
  'M:\tEduard Zingerman <eddyz87@gmail.com>',
  'L:\tbpf@vger.kernel.org',
  'F:\tkernel/bpf/verifier.c',
  '',
  'NETWORKING [GENERAL]',
  'M:\tDavid S. Miller <davem@davemloft.net>',
  'L:\tnetdev@vger.kernel.org',
  'F:\tnet/',
  'F:\t*/net/*',
  'X:\tnet/bluetooth/',
  '',
  'A SECTION WITH NO FILES',
  'M:\tNobody <nobody@example.org>',
  '',
  'THE REST',
  'M:\tLinus Torvalds <torvalds@linux-foundation.org>',
  'L:\tlinux-kernel@vger.kernel.org',
  'F:\t*',
  'F:\t*/',
  '',
].join('\n');

describe('MAINTAINERS (#19)', () => {
  // Parsed in each test, not once when this file loads: mutation testing switches the
  // parser's code per test, and a table made at load time would hide every change to it.
  let sections: ReturnType<typeof parseMaintainers>;
  beforeEach(() => {
    sections = parseMaintainers(TEXT);
  });

  it('reads sections with files, their people (quoted names, a list\'s note) and drops what is no address', () => {
    assert.deepEqual(
      sections.map((s) => [s.title, s.entries.map((e) => `${e.role} ${e.name} <${e.email}>`), s.catchAll]),
      [
        ['BPF [GENERAL]', ['M Alexei Starovoitov <ast@kernel.org>', 'M Borkmann, Daniel <daniel@iogearbox.net>', 'R John Fastabend <john.fastabend@gmail.com>', 'L  <bpf@vger.kernel.org>'], false],
        ['BPF [VERIFIER]', ['M Eduard Zingerman <eddyz87@gmail.com>', 'L  <bpf@vger.kernel.org>'], false],
        ['NETWORKING [GENERAL]', ['M David S. Miller <davem@davemloft.net>', 'L  <netdev@vger.kernel.org>'], false],
        ['THE REST', ['M Linus Torvalds <torvalds@linux-foundation.org>', 'L  <linux-kernel@vger.kernel.org>'], true],
      ],
    );
    assert.deepEqual(parseMaintainers(TEXT.replace(/\n/g, '\r\n')).map((s) => s.title), sections.map((s) => s.title), 'CRLF');
  });

  const rows: Array<[string, string[], string[], string[]]> = [
    // path, sections for it (F: or N:), sections owning it (F:), required recipients
    ['kernel/bpf/verifier.c', ['BPF [GENERAL]', 'BPF [VERIFIER]'], ['BPF [GENERAL]', 'BPF [VERIFIER]'], ['bpf@vger.kernel.org', 'eddyz87@gmail.com']],
    ['kernel/bpf/syscall.c', ['BPF [GENERAL]'], ['BPF [GENERAL]'], ['ast@kernel.org', 'daniel@iogearbox.net', 'bpf@vger.kernel.org']],
    ['kernel/bpf/sub/dir/x.c', ['BPF [GENERAL]'], ['BPF [GENERAL]'], ['ast@kernel.org', 'daniel@iogearbox.net', 'bpf@vger.kernel.org']],
    // X: takes the file out of the section, N: included.
    ['kernel/bpf/bpf_lru_list.c', [], [], []],
    // A glob without a trailing slash stays at its own depth.
    ['include/linux/bpf_verifier.h', ['BPF [GENERAL]'], ['BPF [GENERAL]'], ['ast@kernel.org', 'daniel@iogearbox.net', 'bpf@vger.kernel.org']],
    // N: is a regex on the path: it copies people and owns nothing; with no section more
    // specific (no F: for the path), its maintainers are the ones to ask.
    ['include/linux/sub/bpf.h', ['BPF [GENERAL]'], [], ['ast@kernel.org', 'daniel@iogearbox.net', 'bpf@vger.kernel.org']],
    ['tools/testing/selftests/seccomp/seccomp_bpf.c', ['BPF [GENERAL]'], [], ['ast@kernel.org', 'daniel@iogearbox.net', 'bpf@vger.kernel.org']],
    ['net/core/filter.c', ['NETWORKING [GENERAL]'], ['NETWORKING [GENERAL]'], ['davem@davemloft.net', 'netdev@vger.kernel.org']],
    ['drivers/net/dummy.c', ['NETWORKING [GENERAL]'], ['NETWORKING [GENERAL]'], ['davem@davemloft.net', 'netdev@vger.kernel.org']],
    ['drivers/net/ethernet/x.c', [], [], []],
    ['net/bluetooth/hci_core.c', [], [], []],
    // THE REST matches everything and is nobody's list to ask for.
    ['Documentation/process/howto.rst', [], [], []],
    ['README', [], [], []],
  ];
  for (const [path, forPath, owning, required] of rows) {
    it(path, () => {
      assert.deepEqual(sectionsFor(sections, [path]).map((s) => s.title), forPath);
      assert.deepEqual(sectionsOwningFile(sections, path).map((s) => s.title), owning);
      assert.deepEqual(requiredRecipients(sections, [path]).map((r) => r.entry.email), required);
    });
  }

  it('asks a name regex\'s section for its list only when an F: section is more specific', () => {
    const withSeccomp = parseMaintainers(`${TEXT}\nSECCOMP\nM:\tKees Cook <kees@kernel.org>\nF:\ttools/testing/selftests/seccomp/*\n`);
    assert.deepEqual(requiredRecipients(withSeccomp, ['tools/testing/selftests/seccomp/seccomp_bpf.c']).map((r) => r.entry.email), ['bpf@vger.kernel.org', 'kees@kernel.org']);
  });

  it('asks for each recipient once over several paths, naming the section that needs them', () => {
    assert.deepEqual(
      requiredRecipients(sections, ['kernel/bpf/syscall.c', 'kernel/bpf/verifier.c', 'net/core/dev.c']).map((r) => `${r.entry.email} (${r.section})`),
      ['ast@kernel.org (BPF [GENERAL])', 'daniel@iogearbox.net (BPF [GENERAL])', 'bpf@vger.kernel.org (BPF [GENERAL])', 'eddyz87@gmail.com (BPF [VERIFIER])', 'davem@davemloft.net (NETWORKING [GENERAL])', 'netdev@vger.kernel.org (NETWORKING [GENERAL])'],
    );
  });

  it('brings in a section whose K: words occur in the patch, in MAINTAINERS order', () => {
    assert.deepEqual(sectionsFor(sections, ['net/core/dev.c'], '+\tret = bpf_prog_run(prog, ctx);').map((s) => s.title), ['BPF [GENERAL]', 'NETWORKING [GENERAL]']);
    assert.deepEqual(sectionsFor(sections, [], 'my_bpf_prog_runner()').map((s) => s.title), []);
    // S:, W: and T: lines are no keywords.
    assert.deepEqual(sectionsFor(sections, [], 'Supported by https://bpf.io/ via git').map((s) => s.title), []);
  });

  it('matches N: and K: regexes in linear time, and leaves out what RE2 cannot compile', () => {
    const hostile = parseMaintainers(['HOSTILE', 'M:\tH <h@example.org>', 'N:\t^(a|aa)+$', 'K:\t(a)\\1', 'F:\tnone/', ''].join('\n'));
    assert.equal(hostile[0].nameRegexes.length, 1);
    const started = Date.now();
    assert.deepEqual(sectionsFor(hostile, [`${'a'.repeat(60)}b`]), []);
    assert.ok(Date.now() - started < 1000);
    // A backreference RE2 cannot compile matches nothing (JavaScript's (a)\1 would match "aa").
    assert.deepEqual(sectionsFor(hostile, [], 'aa'), []);
    // The linear-time N: still matches what it says.
    assert.deepEqual(sectionsFor(hostile, ['aaa']).map((s) => s.title), ['HOSTILE']);
  });
});
