/** .mailmap as get_maintainer.pl and the netdev CI read it: which addresses are one person's. */
import assert from 'node:assert/strict';
import { parseMailmap } from '../server/src/engine/mailmap';

describe('.mailmap', () => {
  it('maps a commit address to the proper one, in every form gitmailmap(5) allows', () => {
    const m = parseMailmap(
      [
        '# comment <not@mapped.org> <nor@this.org>',
        'Name Only <name@only.org>',
        '<proper@x.org> <Old@X.org>',
        'Proper Name <pn@x.org> <pn-old@x.org>',
        'Proper Name <pn@x.org> Commit Name <pn-older@x.org>  # trailing comment',
        'Proper Name <pn@x.org> <pn-old@x.org>',
      ].join('\r\n'),
    );
    assert.equal(m.canonical('old@x.org'), 'proper@x.org');
    assert.equal(m.canonical('PN-OLDER@x.org'), 'pn@x.org');
    assert.equal(m.canonical('name@only.org'), 'name@only.org');
    assert.equal(m.canonical('nor@this.org'), 'nor@this.org');
    assert.deepEqual([...m.addressesOf('pn-old@x.org')].sort(), ['pn-old@x.org', 'pn-older@x.org', 'pn@x.org']);
    assert.deepEqual([...m.addressesOf('stranger@x.org')], ['stranger@x.org']);
  });

  it('joins people linked through any line, in linear time for a hostile file', () => {
    const m = parseMailmap('A <a@x> <b@x>\nB <c@x> <d@x>\nC <b@x> <d@x>\n');
    assert.deepEqual([...m.addressesOf('c@x')].sort(), ['a@x', 'b@x', 'c@x', 'd@x']);
    const lines = Array.from({ length: 60000 }, (_, i) => `P <p@x.org> <p${i}@old.org>`);
    const t = process.hrtime.bigint();
    const big = parseMailmap(lines.join('\n'));
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    assert.equal(big.addressesOf('p0@old.org').size, 60001);
    // Quadratic merging took minutes here; linear takes a fraction of a second.
    assert.ok(ms < 5000, `${ms} ms`);
  });
});
