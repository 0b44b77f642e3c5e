import { describe, expect, it } from 'vitest';
import { extractorChoiceWords, extractorWords } from './extractor-words';

describe('extractor ids in words', () => {
  it('names the built-in extractors and a user file without the raw id', () => {
    expect(extractorWords('nsfwjs-inception-v3-pool@4.4.0+bilinear299')).toBe('InceptionV3');
    expect(extractorWords('fashion-mnist-classifier@1a2b3c+bilinear28')).toBe(
      'Fashion-MNIST classifier',
    );
    expect(extractorWords('tiny@9f8e7d6c+bilinear16')).toBe('tiny (your ONNX extractor)');
    expect(extractorChoiceWords('inception')).toBe('InceptionV3');
    expect(extractorChoiceWords('/models/my-extractor.onnx')).toBe('my-extractor.onnx');
  });
});
