import { describe, expect, it } from 'vitest';
import { loadRecentFolders, rememberFolder } from '../../store/recent-folders';
import {
  baseName,
  etaWords,
  formatsWords,
  lossWords,
  plural,
  rateWords,
  sizesWords,
} from './words';

describe('etaWords', () => {
  it('says short times in seconds, rounded to 5', () => {
    expect(etaWords(3)).toBe('a few seconds left');
    expect(etaWords(12)).toBe('about 10 s left');
    expect(etaWords(43)).toBe('about 45 s left');
    expect(etaWords(70)).toBe('about 1 min left');
  });
  it('says minutes, then hours and minutes (rounded to 10), then days', () => {
    expect(etaWords(4 * 60 + 10)).toBe('about 4 min left');
    expect(etaWords(59 * 60)).toBe('about 59 min left');
    expect(etaWords(3600)).toBe('about 1 h left');
    expect(etaWords(3600 + 22 * 60)).toBe('about 1 h 20 min left');
    expect(etaWords(2 * 3600 + 57 * 60)).toBe('about 3 h left');
    expect(etaWords(15.4 * 3600)).toBe('about 15 h left');
    expect(etaWords(3 * 86400)).toBe('about 3 days left');
  });
  it('does not pretend to know when it cannot', () => {
    expect(etaWords(NaN)).toBe('estimating time left…');
    expect(etaWords(Infinity)).toBe('estimating time left…');
    expect(etaWords(-1)).toBe('estimating time left…');
  });
});

describe('numbers in words', () => {
  it('formats rates and losses compactly', () => {
    expect(rateWords(12.345)).toBe('12.3 images/s');
    expect(rateWords(0.4213)).toBe('0.42 images/s');
    expect(rateWords(1240.4)).toBe('1,240 images/s');
    expect(rateWords(0)).toBe('—');
    expect(lossWords(0.693147)).toBe('0.693');
    expect(lossWords(12.3456)).toBe('12.3');
    expect(lossWords(0.00001234)).toBe('1.2e-5');
    expect(lossWords(undefined)).toBe('—');
  });
  it('counts with the right plural', () => {
    expect(plural(1, 'image')).toBe('1 image');
    expect(plural(1200, 'image')).toBe('1,200 images');
    expect(plural(2, 'pair')).toBe('2 pairs');
  });
});

describe('scan summaries', () => {
  const file = (width: number, height: number) => ({
    file: `${width}x${height}.png`,
    width,
    height,
    format: 'png',
    channels: 3,
    hasAlpha: false,
    grayscale: false,
  });
  it('summarises formats, most common first', () => {
    expect(formatsWords({ jpeg: 4, png: 23, webp: 4 })).toBe('PNG 23 · JPEG 4 · WEBP 4');
    expect(formatsWords({})).toBe('');
  });
  it('summarises sizes: all the same, or a range with the most common', () => {
    expect(sizesWords([file(64, 64), file(64, 64)])).toBe('all 64×64');
    expect(sizesWords([file(64, 64), file(64, 64), file(512, 384), file(32, 32)])).toBe(
      '32×32 to 512×384 · most 64×64',
    );
    expect(sizesWords([file(10, 10), file(20, 20)])).toBe('10×10 to 20×20');
    expect(sizesWords([])).toBe('no usable images');
  });
  it('names folders by their last part', () => {
    expect(baseName('/data/cats/')).toBe('cats');
    expect(baseName('C:\\images\\dogs')).toBe('dogs');
  });
});

describe('recent folders', () => {
  const memory = () => {
    const data = new Map<string, string>();
    return {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
    };
  };
  it('keeps the newest first, without duplicates, and survives a reload', () => {
    const store = memory();
    let list = rememberFolder([], '/a', store);
    list = rememberFolder(list, '/b', store);
    list = rememberFolder(list, '/a', store);
    expect(list).toEqual(['/a', '/b']);
    expect(loadRecentFolders(store)).toEqual(['/a', '/b']);
  });
  it('ignores garbage in storage', () => {
    const store = memory();
    store.setItem('latent-studio.recent-training-folders', '{nope');
    expect(loadRecentFolders(store)).toEqual([]);
    expect(loadRecentFolders(null)).toEqual([]);
  });
});

describe('reasons that follow the settings', () => {
  it('keeps the engine reason while the field is as suggested, and says what was suggested once changed', async () => {
    const { reasonsFollowingSettings } = await import('./reasons');
    const suggested = {
      family: 'gan',
      size: 32,
      channels: 3,
      steps: 1500,
      batch: 32,
      latentDim: 64,
      learningRate: 0.0002,
      loss: 'nonsaturating',
      diffAugment: true,
      vaeBeta: 1,
      seed: 1,
      checkpointEvery: 250,
      previewEvery: 50,
      keepCheckpoints: 3,
      background: 'white',
    } as const;
    const reasons = ['1,500 steps: about 40 epochs of this folder.'];
    expect(reasonsFollowingSettings('steps', reasons, suggested, suggested)).toEqual(reasons);
    const changed = reasonsFollowingSettings(
      'steps',
      reasons,
      { ...suggested, steps: 12 },
      suggested,
    );
    expect(changed).toEqual([
      'You changed this; the suggestion was steps 1500 because: 1,500 steps: about 40 epochs of this folder.',
    ]);
  });
});
