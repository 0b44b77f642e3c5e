import { useEffect } from 'react';
import type { EvalReport } from '../../../../main/contract/eval-schemas';
import { useActions, useStudioState } from '../../app/StudioContext';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import type { PairPicture } from '../../store/evaluate';
import { SHOWN_PAIRS } from './evaluate';

function PictureView({ picture, label }: { picture: PairPicture | undefined; label: string }) {
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
  const actions = useActions();
  const pictures = useStudioState((s) => s.evaluate.pairPictures);
  useEffect(() => {
    void actions.loadPairPictures(report);
  }, [actions, report]);
  const pairs = report.results.memorization?.pairs.slice(0, SHOWN_PAIRS) ?? [];
  const shown = pictures.reportId === report.id ? pictures.list : [];
  const m = report.results.memorization;
  return (
    <section className="eval-gallery" aria-label="Nearest training images">
      <h3>Nearest training images</h3>
      {m && (
        <p className="muted small-print">
          {m.flagged} of {m.total} samples are closer to a training image than{' '}
          {m.threshold.toFixed(4)}. Closest first
          {m.pairs.length > SHOWN_PAIRS ? `; ${SHOWN_PAIRS} of ${m.pairs.length} shown` : ''}.
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
