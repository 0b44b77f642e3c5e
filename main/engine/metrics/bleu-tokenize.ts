/**
 * Tokenizers for BLEU. 'none' splits on whitespace (what NLTK's corpus_bleu sees when given
 * pre-split tokens). '13a' is sacreBLEU's default, itself a port of mteval-v13a.pl (WMT's
 * official scorer); the steps below follow sacreBLEU's tokenizer_13a.py + tokenizer_re.py exactly.
 */
export type BleuTokenizer = 'none' | '13a';

// Python's str.split() whitespace (str.isspace), which differs from JS \s (\x1c-\x1f, \x85 yes; \ufeff no).
// \x1c-\x1f are whitespace to Python, so they must be here.
/* eslint-disable no-control-regex */
const WHITESPACE =
  /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
/* eslint-enable no-control-regex */

export function splitWhitespace(line: string): string[] {
  return line.split(WHITESPACE).filter((t) => t.length > 0);
}

const RULES: [RegExp, string][] = [
  // Punctuation and symbols (ASCII { | } ~ [ \ ] ^ _ ` space ! " # $ % & ( ) * + : ; < = > ? @ /) become tokens.
  [new RegExp('([{-~[-` -&(-+:-@/])', 'gu'), ' $1 '],
  // Period and comma split off unless preceded by a digit …
  [/([^0-9])([.,])/gu, '$1 $2 '],
  // … or unless followed by a digit (so 3.14 and 1,000 survive).
  [/([.,])([^0-9])/gu, ' $1 $2'],
  // A dash after a digit is split off.
  [/([0-9])(-)/gu, '$1 $2 '],
];

export function tokenize13a(line: string): string[] {
  let s = line
    .replaceAll('<skipped>', '')
    .replaceAll('-\n', '')
    .replaceAll('\n', ' ')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>');
  s = ` ${s} `;
  for (const [re, replacement] of RULES) s = s.replace(re, replacement);
  return splitWhitespace(s);
}

export function tokenizer(kind: BleuTokenizer): (line: string) => string[] {
  return kind === '13a' ? tokenize13a : splitWhitespace;
}
