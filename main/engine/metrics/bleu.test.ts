import { describe, expect, it } from 'vitest';
import { corpusBleu } from './bleu';
import { tokenize13a } from './bleu-tokenize';
import { reference } from './test-fixtures';

// Our scale is 0–1; sacreBLEU's published numbers are ×100 and converted here.
describe('corpusBleu', () => {
  it("reproduces sacreBLEU's published README example (defaults: 13a, exp)", () => {
    const c = reference.bleu.find((b) => b.name === 'sacrebleu-readme')!;
    const r = corpusBleu(c.hyps, c.refs);
    expect((100 * r.bleu).toFixed(2)).toBe('48.53');
    expect(r.precisions.map((p) => (100 * p).toFixed(1))).toEqual(['82.4', '50.0', '45.5', '37.5']);
    expect(r.brevityPenalty.toFixed(3)).toBe('0.943');
    expect([r.hypLen, r.refLen]).toEqual([17, 18]);
  });

  for (const c of reference.bleu) {
    it(`matches NLTK corpus_bleu (method0, method1) on "${c.name}"`, () => {
      for (const smooth of ['none', 'epsilon'] as const) {
        const got = corpusBleu(c.hyps, c.refs, { smooth, tokenize: 'none' }).bleu;
        const want = c.nltk[smooth];
        expect(
          Math.abs(got - want) / Math.max(want, 1e-300),
          `${smooth}: ${got} vs ${want}`,
        ).toBeLessThan(1e-12);
      }
    });

    it(`matches sacreBLEU (exp, floor, add-k; 13a and none) on "${c.name}"`, () => {
      for (const tokenize of ['13a', 'none'] as const) {
        for (const smooth of ['exp', 'floor', 'add-k'] as const) {
          const got = corpusBleu(c.hyps, c.refs, { smooth, tokenize });
          const want = c.sacrebleu[tokenize][smooth];
          expect(got.bleu, `${tokenize}/${smooth}`).toBeCloseTo(want.bleu, 12);
          got.precisions.forEach((p, i) => expect(p).toBeCloseTo(want.precisions[i]!, 12));
          expect(got.brevityPenalty).toBeCloseTo(want.brevityPenalty, 12);
          expect([got.hypLen, got.refLen]).toEqual([want.hypLen, want.refLen]);
        }
      }
    });
  }

  it('tokenizes like mteval-v13a (apostrophes stay inside words)', () => {
    expect(tokenize13a("It costs $3.50, isn't it? 1-2 &amp; (x)")).toEqual([
      'It',
      'costs',
      '$',
      '3.50',
      ',',
      "isn't",
      'it',
      '?',
      '1',
      '-',
      '2',
      '&',
      '(',
      'x',
      ')',
    ]);
  });

  it('refuses reference streams that are not parallel', () => {
    expect(() => corpusBleu(['a b'], [['a b', 'c']])).toThrow(/one line per hypothesis/);
  });
});
