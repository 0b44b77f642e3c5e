import type { ScanReport } from '../../../../main/contract/training-schemas';
import { formatsWords, plural, sizesWords } from './words';
import { WarningCallouts } from '../../ui/Callout';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import type { TrainingState } from '../../store/training';

/**
 * The pre-flight report in words: counts, formats and sizes, a few of the images, warnings,
 * rejected files, duplicates.
 */
export function ScanReportView({
  scan,
  thumbnails = [],
}: {
  scan: ScanReport;
  thumbnails?: TrainingState['scanThumbnails'];
}) {
  const { usable, rejected, duplicates, warnings } = scan;
  return (
    <div className="scan-report">
      <div className="scan-stats">
        <div className={`stat ${usable === 0 ? 'bad' : 'good'}`} data-testid="scan-usable">
          <span className="stat-value">{usable.toLocaleString('en-US')}</span>
          <span className="stat-label">usable image{usable === 1 ? '' : 's'}</span>
        </div>
        <div className={`stat ${rejected.length > 0 ? 'warn' : ''}`}>
          <span className="stat-value">{rejected.length}</span>
          <span className="stat-label">rejected</span>
        </div>
        <div className={`stat ${duplicates.length > 0 ? 'warn' : ''}`}>
          <span className="stat-value">{duplicates.length}</span>
          <span className="stat-label">
            near-duplicate pair{duplicates.length === 1 ? '' : 's'}
          </span>
        </div>
      </div>
      {usable > 0 && (
        <dl className="facts">
          <dt>Formats</dt>
          <dd>{formatsWords(scan.formats)}</dd>
          <dt>Sizes</dt>
          <dd>{sizesWords(scan.files)}</dd>
        </dl>
      )}
      {thumbnails.length > 0 && (
        <figure className="scan-thumbnails" data-testid="scan-thumbnails">
          <div className="scan-thumbnail-row">
            {thumbnails.map(({ file, frame }) => (
              <FrameCanvas key={file} frame={frame} className="scan-thumbnail" label={file} />
            ))}
          </div>
          <figcaption className="muted">
            {thumbnails.length < usable
              ? `${thumbnails.length} of ${usable.toLocaleString('en-US')} images, spread over the folder`
              : `All ${usable} images`}
          </figcaption>
        </figure>
      )}
      <WarningCallouts warnings={warnings} testId="scan-warnings" />
      {rejected.length > 0 && (
        <section className="report-section">
          <h3>Rejected files — training skips these</h3>
          <table className="report-table" data-testid="scan-rejected">
            <thead>
              <tr>
                <th>File</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {rejected.map((r) => (
                <tr key={r.file}>
                  <td className="file-cell" title={r.file}>
                    {r.file}
                  </td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {duplicates.length > 0 && (
        <section className="report-section">
          <h3>Near-duplicates — {plural(duplicates.length, 'pair')}</h3>
          <ul className="dup-list" data-testid="scan-duplicates">
            {duplicates.slice(0, 50).map(([a, b]) => (
              <li key={`${a}|${b}`}>
                <span className="file-cell">{a}</span>
                <span className="muted">≈</span>
                <span className="file-cell">{b}</span>
              </li>
            ))}
            {duplicates.length > 50 && (
              <li className="muted">…and {duplicates.length - 50} more</li>
            )}
          </ul>
        </section>
      )}
    </div>
  );
}
