/**
 * What the editor offers at the cursor (engine/assist.ts): trees after
 * `[PATCH `, trailer keys where trailers go, people and commits for a trailer's
 * value, and what a hover explains. Each row puts the cursor at ‸ and states
 * every item offered: its label, what it inserts and exactly which text it
 * replaces (shown as `before‸after` around the cursor) (#19).
 */
import assert from 'node:assert/strict';
import { completesFixesAt, completionsAt, describeAt, TRAILER_DOCS, TREE_DOCS } from '../server/src/engine/assist';
import type { EngineFacts } from '../server/src/engine/facts';
import { parseInputs } from '../server/src/engine/lint';
import { parseMaintainers } from '../server/src/engine/maintainers';
import { AUTHOR, patch } from './helpers/mail';
import { OLD, OTHER } from './helpers/git-facts';

/** The document with the ‸ marker taken out, and the cursor's offset. */
function cursor(marked: string, kind?: 'message' | 'patch'): { text: string; offset: number; doc: ReturnType<typeof parseInputs>[number] } {
  const offset = marked.indexOf('‸');
  assert.ok(offset >= 0 && marked.indexOf('‸', offset + 1) < 0, 'one cursor marker (‸)');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const [doc] = parseInputs([{ id: kind === 'message' ? 'COMMIT_EDITMSG' : 'x.patch', text, ...(kind ? { kind } : {}) }]);
  return { text, offset, doc };
}

/** Every item: label, inserted text, replaced text around the cursor, detail. */
function offered(marked: string, opts: { kind?: 'message' | 'patch'; trees?: string[]; facts?: EngineFacts } = {}): string[] {
  const { text, offset, doc } = cursor(marked, opts.kind);
  return completionsAt(doc, offset, opts.trees ?? [], opts.facts).map((c) => {
    assert.ok(c.replace.start <= offset && offset <= c.replace.end, `${c.label}: the replaced text holds the cursor`);
    return `${c.label} => ${JSON.stringify(c.insertText)} replacing ${JSON.stringify(`${text.slice(c.replace.start, offset)}‸${text.slice(offset, c.replace.end)}`)} (${c.detail})`;
  });
}

const ALL_TREES = TREE_DOCS.map((t) => t.tree);
const tree = (t: string, insert: string, replaced: string) => `${t} => ${JSON.stringify(insert)} replacing ${JSON.stringify(replaced)} (tree)`;

describe('assist: trees in the subject prefix (#19)', () => {
  const rows: Array<[string, string, string[], string[]?]> = [
    ['every tree right after "[PATCH "', '[PATCH ‸', ALL_TREES.map((t) => tree(t, t, '‸'))],
    ['a space before the next word, so the tree is not glued to it', '[PATCH ‸v2 1/3] bpf: x', ALL_TREES.map((t) => tree(t, `${t} `, '‸'))],
    ['the whole word being typed is replaced, and no space before a space', '[PATCH bpf-n‸ext v2 1/3] bpf: x', [tree('bpf-next', 'bpf-next', 'bpf-n‸ext')]],
    ['no space before "]"', '[RFC PATCH b‸] bpf: x', [tree('bpf', 'bpf', 'b‸'), tree('bpf-next', 'bpf-next', 'b‸')]],
    ['no space before ","', '[PATCH net‸,v2] x', [tree('net', 'net', 'net‸'), tree('net-next', 'net-next', 'net‸')]],
    ['typed in capitals', '[PATCH BPF‸] x', [tree('bpf', 'bpf', 'BPF‸'), tree('bpf-next', 'bpf-next', 'BPF‸')]],
    ['iproute2 trees by their prefix', '[PATCH ip‸] x', [tree('iproute2', 'iproute2', 'ip‸'), tree('iproute2-next', 'iproute2-next', 'ip‸')]],
    ['trees from the configuration, once each', '[PATCH b‸] x', [tree('bpf', 'bpf', 'b‸'), tree('bpf-next', 'bpf-next', 'b‸'), 'bpf-rc => "bpf-rc" replacing "b‸" (tree)'], ['bpf', 'bpf-rc']],
    ['nothing after another word of the prefix', '[PATCH v2 ‸] x', []],
    ['nothing in the subject text', '[PATCH bpf] bpf: fi‸x', []],
    ['nothing when no prefix is open', 'bpf: ‸x', []],
  ];
  for (const [name, subject, expected, trees] of rows) {
    it(name, () => {
      assert.deepEqual(offered(patch({ subject }), { trees }), expected);
    });
  }

  it('explains each tree, and a tree from the configuration as such', () => {
    const { offset, doc } = cursor(patch({ subject: '[PATCH b‸] x' }));
    const items = completionsAt(doc, offset, ['bpf-rc']);
    assert.deepEqual(
      items.map((c) => c.documentation),
      [TREE_DOCS.find((t) => t.tree === 'bpf')!.meaning, TREE_DOCS.find((t) => t.tree === 'bpf-next')!.meaning, 'A tree from your configuration.'],
    );
  });

  it('offers nothing in the other headers', () => {
    assert.deepEqual(offered(patch({ subject: '[PATCH bpf] x', to: 'bpf@vger.kernel.org [PATCH ‸' })), []);
  });
});

const key = (k: string, replaced: string) => {
  const d = TRAILER_DOCS.find((t) => t.key === k)!;
  return `${k}: => ${JSON.stringify(`${k}: `)} replacing ${JSON.stringify(replaced)} (${d.snippetHint})`;
};
const ALL_KEYS = (replaced: string) => TRAILER_DOCS.map((t) => key(t.key, replaced));

describe('assist: trailer keys (#19)', () => {
  const rows: Array<[string, string, string[]]> = [
    ['every key on the empty last line below the trailers', `bpf: Fix x\n\nWhy.\n\nSigned-off-by: ${AUTHOR}\n‸`, ALL_KEYS('‸')],
    ['every key on a new line right below the body', `bpf: Fix x\n\nWhy.\n‸`, ALL_KEYS('‸')],
    ['keys starting with what is typed, in any case', `bpf: Fix x\n\nWhy.\n\nSigned-off-by: ${AUTHOR}\nre‸`, [key('Reviewed-by', 're‸'), key('Reported-by', 're‸')]],
    ['a key typed inside the trailer block', `bpf: Fix x\n\nWhy.\n\nAck‸\nSigned-off-by: ${AUTHOR}`, [key('Acked-by', 'Ack‸')]],
    ['a word alone on a line of the last paragraph may be a trailer being started', `bpf: Fix x\n\nWhy.\nCo‸`, [key('Co-developed-by', 'Co‸')]],
    ['nothing in the middle of prose', `bpf: Fix x\n\nTest‸ the thing.\n\nSigned-off-by: ${AUTHOR}`, []],
    ['nothing in an earlier paragraph', `bpf: Fix x\n\nS‸\n\nMore text.\n\nSigned-off-by: ${AUTHOR}`, []],
    ['nothing after other words on a line of the trailer block', `bpf: Fix x\n\nWhy.\n\nSigned-off-by: ${AUTHOR}\nRe x‸`, []],
    ['nothing after a space', `bpf: Fix x\n\nWhy.\n\nSigned off‸`, []],
    ['nothing on the title', `Fix‸ the verifier\n\nWhy.`, []],
    ['nothing on a comment line', `bpf: Fix x\n\nWhy.\n# Please enter the commit message for your changes.\n#‸`, []],
    ['every key after more than one blank line (git drops the extra ones)', `bpf: Fix x\n\nWhy.\n\n\n‸`, ALL_KEYS('‸')],
  ];
  for (const [name, text, expected] of rows) {
    it(name, () => {
      assert.deepEqual(offered(text, { kind: 'message' }), expected);
    });
  }

  it('in a patch: in the trailers, not below --- nor in the headers', () => {
    assert.deepEqual(offered(patch({ body: `Why.\n\nSigned-off-by: ${AUTHOR}\nTest‸` })), [key('Tested-by', 'Test‸')]);
    assert.deepEqual(offered(patch({ notes: 'Te‸' })), []);
    assert.deepEqual(offered(patch({ headers: ['X-Te‸: y'] })), []);
  });

  it('explains each key', () => {
    const { offset, doc } = cursor(`bpf: Fix x\n\nWhy.\n\nFix‸`, 'message');
    const [item] = completionsAt(doc, offset, []);
    assert.equal(item.documentation, TRAILER_DOCS.find((t) => t.key === 'Fixes')!.meaning);
  });
});

describe('assist: trailer values (#19)', () => {
  const me = { committer: { name: 'Jane Developer', email: 'jane@example.org' } };
  const SELF = 'Jane Developer <jane@example.org> => "Jane Developer <jane@example.org>" replacing "‸" (you (git config user.name/user.email))';

  it('Signed-off-by: the git user, as git commit -s writes it', () => {
    assert.deepEqual(offered(`bpf: Fix x\n\nWhy.\n\nSigned-off-by: ‸`, { kind: 'message', facts: me }), [SELF]);
    assert.deepEqual(offered(`bpf: Fix x\n\nWhy.\n\nsigned-off-by:‸`, { kind: 'message', facts: me }), [SELF]);
    assert.deepEqual(offered(`bpf: Fix x\n\nWhy.\n\nSigned-off-by: ja‸ne`, { kind: 'message', facts: me }), [
      'Jane Developer <jane@example.org> => "Jane Developer <jane@example.org>" replacing "ja‸ne" (you (git config user.name/user.email))',
    ]);
    assert.deepEqual(offered(`bpf: Fix x\n\nWhy.\n\nSigned-off-by: bob‸`, { kind: 'message', facts: me }), []);
    // Only a key at the start of a line takes a value.
    assert.deepEqual(offered(`bpf: Fix x\n\nWhy.\n\nSee Signed-off-by: ‸`, { kind: 'message', facts: me }), []);
    // A name with a comma stays unquoted: a trailer is not a mail header.
    assert.deepEqual(offered(`bpf: Fix x\n\nWhy.\n\nSigned-off-by: ‸`, { kind: 'message', facts: { committer: { name: 'Doe, Jane', email: 'j@x.org' } } }), [
      'Doe, Jane <j@x.org> => "Doe, Jane <j@x.org>" replacing "‸" (you (git config user.name/user.email))',
    ]);
    assert.deepEqual(offered(`bpf: Fix x\n\nWhy.\n\nSigned-off-by: ‸`, { kind: 'message', facts: { committer: { name: '', email: 'j@x.org' } } }), [
      '<j@x.org> => "<j@x.org>" replacing "‸" (you (git config user.name/user.email))',
    ]);
    assert.deepEqual(offered(`bpf: Fix x\n\nWhy.\n\nSigned-off-by: ‸`, { kind: 'message', facts: { committer: { name: 'Jane', email: '' } } }), []);
    assert.deepEqual(offered(`bpf: Fix x\n\nWhy.\n\nSigned-off-by: ‸`, { kind: 'message' }), []);
  });

  const blamed = { ...OLD, sha: 'aaaaaaaaaaaa' + OLD.sha.slice(12), subject: 'bpf: Add the helper' };
  const recent = { ...OTHER, sha: 'bbbbbbbbbbbb' + OTHER.sha.slice(12), subject: 'bpf: Something else', date: undefined };
  const fixesFacts: EngineFacts = { blame: [{ commit: blamed, lines: 3 }], recent: [blamed, recent] };
  const BLAMED = `aaaaaaaaaaaa ("bpf: Add the helper") => "aaaaaaaaaaaa (\\"bpf: Add the helper\\")" replacing "‸" (A <a@x.org>, 2024-01-02)`;
  const RECENT = `bbbbbbbbbbbb ("bpf: Something else") => "bbbbbbbbbbbb (\\"bpf: Something else\\")" replacing "‸" (B <b@x.org>)`;

  it('Fixes: the commits blame names first, then recent ones, each once', () => {
    assert.deepEqual(offered(`bpf: Fix x\n\nWhy.\n\nFixes: ‸`, { kind: 'message', facts: fixesFacts }), [BLAMED, RECENT]);
  });

  it("Fixes: is where an editor waits for blame: the tag's value, nowhere else (#16)", () => {
    const at = (marked: string, kind?: 'message' | 'patch') => {
      const { offset, doc } = cursor(marked, kind);
      return completesFixesAt(doc, offset);
    };
    assert.equal(at(`bpf: Fix x\n\nWhy.\n\nFixes: ‸`, 'message'), true);
    assert.equal(at(`bpf: Fix x\n\nWhy.\n\nfixes:abc‸`, 'message'), true);
    assert.equal(at(`bpf: Fix x\n\nWhy.\n\nFix‸`, 'message'), false, 'the key, not yet its value');
    assert.equal(at(`bpf: Fix x\n\nWhy.\n\nSigned-off-by: ‸`, 'message'), false);
    assert.equal(at(`bpf: Fix x\n\nWhy.\n\nSee Fixes: ‸`, 'message'), false, 'only at the start of a line');
    assert.equal(at(`bpf: Fix x\n\nWhy.\n\n# Fixes: ‸`, 'message'), false, "in git's comments");
    assert.equal(at(patch({ subject: '[PATCH] Fixes: ‸x' }), 'patch'), false, 'in the Subject header');
    assert.equal(at(patch({}).replace(/^Subject: .*$/m, (subject) => `${subject}\nFixes: ‸`), 'patch'), false, 'a header line of the mail');
    assert.equal(at(patch({ body: `Fix.\n\nSigned-off-by: ${AUTHOR}`, notes: 'Fixes: ‸' }), 'patch'), false, 'below ---');
  });

  it('Fixes: filtered by an id prefix or words of the subject, in any case', () => {
    assert.deepEqual(offered(`bpf: Fix x\n\nWhy.\n\nFixes: bbb‸`, { kind: 'message', facts: fixesFacts }), [RECENT.replace('"‸"', '"bbb‸"')]);
    assert.deepEqual(offered(`bpf: Fix x\n\nWhy.\n\nFixes: HELPER‸`, { kind: 'message', facts: fixesFacts }), [BLAMED.replace('"‸"', '"HELPER‸"')]);
    // Not a middle part of the id.
    assert.deepEqual(offered(`bpf: Fix x\n\nWhy.\n\nFixes: aaab‸`, { kind: 'message', facts: fixesFacts }), []);
  });

  it('Fixes: says where each candidate comes from', () => {
    const { offset, doc } = cursor(`bpf: Fix x\n\nWhy.\n\nFixes: ‸`, 'message');
    assert.deepEqual(
      completionsAt(doc, offset, [], fixesFacts).map((c) => c.documentation),
      ['Last wrote 3 of the lines this change removes or modifies (git blame).', 'A recent commit touching the files this change modifies.'],
    );
    assert.deepEqual(completionsAt(doc, offset, []), []);
  });

  const maintainers = parseMaintainers(
    [
      'BPF [GENERAL]',
      'M:\tAlexei Starovoitov <ast@kernel.org>',
      'R:\tJohn Fastabend <john.fastabend@gmail.com>',
      'L:\tbpf@vger.kernel.org',
      'F:\tkernel/bpf/',
      '',
      'BPF [CORE]',
      'M:\tAlexei Starovoitov <ast@kernel.org>',
      'F:\tkernel/bpf/verifier.c',
      '',
      'MM',
      'M:\tSomeone <mm@x.org>',
      'F:\tmm/',
      '',
    ].join('\n'),
  );

  it('Cc: the people and lists MAINTAINERS names for the touched files, each once', () => {
    const body = (cc: string) => `Why.\n\nCc: ${cc}\nSigned-off-by: ${AUTHOR}`;
    assert.deepEqual(offered(patch({ body: body('‸'), files: ['kernel/bpf/verifier.c'] }), { facts: { maintainers } }), [
      'Alexei Starovoitov <ast@kernel.org> => "Alexei Starovoitov <ast@kernel.org>" replacing "‸" (maintainer, BPF [GENERAL])',
      'John Fastabend <john.fastabend@gmail.com> => "John Fastabend <john.fastabend@gmail.com>" replacing "‸" (reviewer, BPF [GENERAL])',
      'bpf@vger.kernel.org => "bpf@vger.kernel.org" replacing "‸" (list, BPF [GENERAL])',
    ]);
    assert.deepEqual(offered(patch({ body: body('JOHN‸'), files: ['kernel/bpf/verifier.c'] }), { facts: { maintainers } }), [
      'John Fastabend <john.fastabend@gmail.com> => "John Fastabend <john.fastabend@gmail.com>" replacing "JOHN‸" (reviewer, BPF [GENERAL])',
    ]);
    assert.deepEqual(offered(patch({ body: body('‸'), files: ['mm/slub.c'] }), { facts: { maintainers } }), ['Someone <mm@x.org> => "Someone <mm@x.org>" replacing "‸" (maintainer, MM)']);
    assert.deepEqual(offered(patch({ body: body('‸'), files: ['mm/slub.c'] })), []);
  });

  it('Cc: for a commit message, from the staged files git lists', () => {
    const text = `bpf: Fix x\n\nWhy.\n\nCc: ‸\n# Please enter the commit message for your changes.\n# Changes to be committed:\n#\tmodified:   mm/slub.c\n#`;
    assert.deepEqual(offered(text, { kind: 'message', facts: { maintainers } }), ['Someone <mm@x.org> => "Someone <mm@x.org>" replacing "‸" (maintainer, MM)']);
  });

  it('explains each person', () => {
    const { offset, doc } = cursor(patch({ body: `Why.\n\nCc: ‸\nSigned-off-by: ${AUTHOR}`, files: ['mm/slub.c'] }));
    assert.deepEqual(
      completionsAt(doc, offset, [], { maintainers }).map((c) => c.documentation),
      ['MAINTAINERS names this maintainer for files this change touches.'],
    );
  });
});

describe('assist: what a hover explains (#19)', () => {
  const rows: Array<[string, string | undefined]> = [
    ['Subject: [PATCH ‸bpf-next v2] x', 'tree bpf-next'],
    ['Subject: [PATCH bpf-ne‸xt v2] x', 'tree bpf-next'],
    ['Subject: [PATCH bpf-next‸ v2] x', 'tree bpf-next'],
    ['Subject: [PATCH BPF‸] x', 'tree bpf'],
    ['Subject: [PATCH bpf-next v‸2] x', undefined],
    ['Subject: [PATCH bpf-next] b‸pf: x', undefined],
    ['Sig‸ned-off-by: Jane <jane@example.org>', 'trailer Signed-off-by'],
    ['‸Fixes: 0123456789ab ("bpf: x")', 'trailer Fixes'],
    ['reviewed-by‸: R <r@example.org>', 'trailer Reviewed-by'],
    ['Fixes: 0123‸456789ab ("bpf: x")', undefined],
    ['X-Tag‸: y', undefined],
  ];
  for (const [line, expected] of rows) {
    it(`${line}: ${expected ?? 'nothing'}`, () => {
      const marked = line.startsWith('Subject:') ? patch({ subject: line.slice('Subject: '.length) }) : patch({ body: `Why.\n\n${line}\nSigned-off-by: ${AUTHOR}` });
      const { offset, doc } = cursor(marked);
      const d = describeAt(doc, offset);
      assert.equal(d && (d.kind === 'tree' ? `tree ${d.doc.tree}` : `trailer ${d.doc.key}`), expected);
    });
  }

  it('in a mailbox, explains the message under the cursor', () => {
    const one = patch({ subject: '[PATCH bpf 1/2] x' });
    const two = patch({ subject: '[PATCH bpf-next 2/2] y' });
    const text = one + two;
    const [doc] = parseInputs([{ id: 'x.mbox', text }]);
    const inTwo = one.length + two.indexOf('bpf-next') + 1;
    const inOne = one.indexOf('[PATCH bpf') + '[PATCH b'.length;
    assert.equal((describeAt(doc, inOne) as { doc: { tree: string } }).doc.tree, 'bpf');
    assert.equal((describeAt(doc, inTwo) as { doc: { tree: string } }).doc.tree, 'bpf-next');
  });
});
