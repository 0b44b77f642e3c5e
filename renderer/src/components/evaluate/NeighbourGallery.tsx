import { useEffect, useState } from 'react';
import type { Frame, StudioApi } from '../../../../main/contract/channels';
import type { EvalReport, MemorizationPair } from '../../../../main/contract/eval-schemas';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import { useEvalContext } from './use-evaluate';

/** Pairs drawn on screen, closest first (the report keeps at most 64). */
const SHOWN = 24;
const THUMB = 96;

type Picture = Frame | { error: string };

async function thumbnail(api: StudioApi, path: string): Promise<Picture> {
  try {
    return { ...(await api.invoke('eval.thumbnail', { path, size: THUMB })), seed: null };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** A generated sample: its file, or the model re-rendered by its seed (the exact evaluated image). */
async function samplePicture(
  api: StudioApi,
  report: EvalReport,
  pair: MemorizationPair,
): Promise<Picture> {
  if (pair.sampleFile) return thumbnail(api, pair.sampleFile);
  const fake = report.request.fake;
  if (fake.kind !== 'model' || pair.seed === null) return { error: 'no file or seed to show' };
  try {
    const latent = { kind: 'seed' as const, seed: pair.seed, truncation: fake.truncation ?? 1 };
    return (await api.invoke('render.frame', { modelId: fake.model, latent })).frame;
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

function PictureView({ picture, label }: { picture: Picture | undefined; label: string }) {
  if (picture && 'error' in picture)
    return (
      <div className="eval-thumb missing" title={picture.error}>
        unavailable
      </div>
    );
  return <FrameCanvas frame={picture ?? null} className="eval-thumb" label={label} />;
}

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** Each generated sample beside its nearest training image; flagged pairs are outlined. */
export function NeighbourGallery({ report }: { report: EvalReport }) {
  const { api } = useEvalContext();
  const pairs = report.results.memorization?.pairs.slice(0, SHOWN) ?? [];
  const [pictures, setPictures] = useState<{ id: string; list: [Picture, Picture][] }>({
    id: '',
    list: [],
  });
  useEffect(() => {
    let live = true;
    const list: [Picture, Picture][] = [];
    void (async () => {
      for (const pair of report.results.memorization?.pairs.slice(0, SHOWN) ?? []) {
        const both: [Picture, Picture] = [
          await samplePicture(api, report, pair),
          await thumbnail(api, pair.trainFile),
        ];
        if (!live) return;
        list.push(both);
        setPictures({ id: report.id, list: [...list] });
      }
    })();
    return () => {
      live = false;
    };
  }, [api, report]);
  const shown = pictures.id === report.id ? pictures.list : [];
  const m = report.results.memorization;
  return (
    <section className="eval-gallery" aria-label="Nearest training images">
      <h3>Nearest training images</h3>
      {m && (
        <p className="muted small-print">
          {m.flagged} of {m.total} samples are closer to a training image than{' '}
          {m.threshold.toFixed(4)}. Closest first
          {m.pairs.length > SHOWN ? `; ${SHOWN} of ${m.pairs.length} shown` : ''}.
        </p>
      )}
      <div className="eval-pairs" data-testid="eval-pairs">
        {pairs.map((pair, i) => (
          <figure
            key={`${pair.sample}-${pair.trainFile}`}
            className={`eval-pair ${pair.flagged ? 'flagged' : ''}`}
            data-testid="eval-pair"
            data-flagged={pair.flagged}
            data-loaded={shown[i] !== undefined}
          >
            <div className="eval-pair-images">
              <PictureView
                picture={shown[i]?.[0]}
                label={`generated sample ${pair.seed ?? pair.sample}`}
              />
              <PictureView
                picture={shown[i]?.[1]}
                label={`training image ${baseName(pair.trainFile)}`}
              />
            </div>
            <figcaption>
              {pair.flagged && <b className="flag">flagged · </b>}d = {pair.distance.toFixed(4)}
              <span className="muted" title={pair.trainFile}>
                {' '}
                {pair.sampleFile
                  ? baseName(pair.sampleFile)
                  : `seed ${pair.seed ?? pair.sample}`} ↔ {baseName(pair.trainFile)}
              </span>
            </figcaption>
          </figure>
        ))}
      </div>
    </section>
  );
}
