import { expect } from 'chai';
import { truncateCodePoints, wellFormed, wellFormedDeep } from '../../../src/domain/text.js';

describe('domain/text: text as the databases store it (issue 10 #2)', () => {
  it('replaces lone high and low surrogates with U+FFFD and keeps pairs', () => {
    expect(wellFormed('a\uD800b')).to.equal('a\uFFFDb');
    expect(wellFormed('a\uDC00b')).to.equal('a\uFFFDb');
    expect(wellFormed('\uDC00\uD800')).to.equal('\uFFFD\uFFFD');
    expect(wellFormed('end\uD83D')).to.equal('end\uFFFD');
    expect(wellFormed('😀 čšž')).to.equal('😀 čšž');
    expect(wellFormed('\uD83D\uDE00\uD83D')).to.equal('😀\uFFFD');
  });

  it('cuts by code points, never inside a surrogate pair', () => {
    const name = 'x'.repeat(99) + '😀';
    expect(name.slice(0, 100).charCodeAt(99)).to.equal(0xd83d); // what slice(0, 100) leaves: half an emoji
    expect(truncateCodePoints(name, 100)).to.equal(name);
    expect(truncateCodePoints(name, 99)).to.equal('x'.repeat(99));
    expect(truncateCodePoints('😀'.repeat(150), 100)).to.equal('😀'.repeat(100));
    expect(truncateCodePoints('abc', 0)).to.equal('');
    expect(truncateCodePoints('abc', 5)).to.equal('abc');
    // A lone surrogate counts as one code point, as it does for the database once it is U+FFFD.
    expect(truncateCodePoints('\uD800\uD800\uD800', 2)).to.equal('\uD800\uD800');
    // Combining marks are code points of their own: "e" + U+0301 is two.
    expect(truncateCodePoints('e\u0301e\u0301', 3)).to.equal('e\u0301e');
  });

  it('makes every string and key of a JSON value well-formed at any depth, keeping "__proto__" as a key', () => {
    const value = JSON.parse('{"a\\ud800":["\\udc00",{"b":"\\ud83d"}],"n":1,"t":true,"z":null,"__proto__":{"p":"\\ud800"}}');
    const out = wellFormedDeep(value) as Record<string, unknown>;
    expect(JSON.stringify(out)).to.equal('{"a\uFFFD":["\uFFFD",{"b":"\uFFFD"}],"n":1,"t":true,"z":null,"__proto__":{"p":"\uFFFD"}}');
  });
});
