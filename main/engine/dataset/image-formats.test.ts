import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodable, extensionFormat, readHead, sniffFormat } from './image-formats';

const MESSY = resolve(__dirname, '../../../test/fixtures/messy');

describe('image format detection', () => {
  it('names formats from their first bytes, whatever the file is called', async () => {
    const sniff = async (file: string) => sniffFormat(await readHead(`${MESSY}/${file}`));
    expect(await sniff('sub/no-extension')).toBe('png');
    expect(await sniff('photo-b.jpg')).toBe('jpeg');
    expect(await sniff('photo-c.webp')).toBe('webp');
    expect(await sniff('animated.gif')).toBe('gif');
    expect(await sniff('scan.tiff')).toBe('tiff');
    expect(await sniff('windows.bmp')).toBe('bmp');
    expect(await sniff('bad/unsupported.psd')).toBe('psd');
    expect(await sniff('bad/not-an-image.png')).toBeNull();
    expect(await sniff('bad/empty.png')).toBeNull();
  });

  it('knows which formats this sharp build decodes (AVIF yes, HEIC no; BMP by image/bmp.ts)', () => {
    for (const f of ['png', 'jpeg', 'webp', 'gif', 'tiff', 'avif', 'bmp'])
      expect(decodable(f)).toBe(true);
    for (const f of ['heif', 'psd', 'tga']) expect(decodable(f)).toBe(false);
    expect(extensionFormat('IMG_0001.HEIC')).toBe('heif');
    expect(extensionFormat('a/b.JPG')).toBe('jpeg');
    expect(extensionFormat('noext')).toBe('');
  });
});
