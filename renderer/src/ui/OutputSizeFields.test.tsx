import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { OutputSizeFields } from './OutputSizeFields';

/** The one pair of size fields of the Export panel and the video dialog, rendered to HTML. */
const html = (props: Partial<Parameters<typeof OutputSizeFields>[0]>) =>
  renderToStaticMarkup(
    <OutputSizeFields
      value={{ scale: 1, filter: 'nearest' }}
      onChange={() => undefined}
      modelSize={{ width: 32, height: 24 }}
      testIdPrefix="export"
      {...props}
    />,
  );

describe('OutputSizeFields', () => {
  it('offers the scales with the size each gives, under the caller’s test ids', () => {
    const out = html({ testIdPrefix: 'video', value: { scale: 2, filter: 'lanczos' } });
    expect(out).toContain('data-testid="video-scale"');
    expect(out).toContain('data-testid="video-filter"');
    const options = [...out.matchAll(/<option value="(\d)"[^>]*>([^<]*)<\/option>/g)].map(
      (m) => `${m[1]}:${m[2]}`,
    );
    expect(options).toEqual([
      '1:Model size (32×24)',
      '2:2× (64×48)',
      '3:3× (96×72)',
      '4:4× (128×96)',
      '6:6× (192×144)',
      '8:8× (256×192)',
    ]);
    expect(out).toMatch(/<option value="2" selected="">/);
    expect(out).toMatch(/<option value="lanczos" selected="">/);
  });

  it('turns the filter off at the model’s own size, and names the filters shortly unless explained', () => {
    const atModelSize = html({});
    expect(atModelSize).toMatch(/<select[^>]*data-testid="export-filter"[^>]*disabled=""/);
    expect(atModelSize).toContain('>Nearest</option>');
    const scaled = html({ value: { scale: 3, filter: 'nearest' }, explained: true });
    expect(scaled).not.toMatch(/<select[^>]*data-testid="export-filter"[^>]*disabled/);
    expect(scaled).toContain('>Nearest (crisp pixels)</option>');
    expect(scaled).toContain('>Lanczos (smooth)</option>');
  });

  it('shows plain scales while no model is chosen', () => {
    expect(html({ modelSize: undefined })).toContain('>Model size</option>');
  });
});
