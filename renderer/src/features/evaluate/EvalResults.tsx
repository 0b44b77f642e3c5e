import type { EvalReport } from '../../../../main/contract/eval-schemas';
import { useActions, useStudioState } from '../../app/StudioContext';
import { WarningCallouts } from '../../ui/Callout';
import { NeighbourGallery } from './NeighbourGallery';
import { metricRows, sideWords, whenWords } from './words';

/** One evaluation: the numbers with what they were measured with, warnings, export, pairs. */
export function EvalResults({ report }: { report: EvalReport }) {
  const rows = metricRows(report);
  const rowWarnings = rows.map((r) => r.warning).filter((w): w is string => w !== null);
  const warnings = [...rowWarnings, ...report.warnings.filter((w) => !rowWarnings.includes(w))];
  return (
    <div className="eval-results" data-testid="eval-results" data-report-id={report.id}>
      <div className="eval-provenance">
        <div>
          <span className="muted">Generated</span> {sideWords(report.fake)}
        </div>
        {report.real && (
          <div>
            <span className="muted">Reference</span> {sideWords(report.real)}
          </div>
        )}
        <div data-testid="eval-extractor-label" title={report.extractor.id}>
          <span className="muted">Features</span> {report.extractor.label}{' '}
          <span className="muted">({report.extractor.dim}-d)</span>
        </div>
        <div className="muted">
          {whenWords(report.createdAt)} · {report.durationSec.toFixed(1)} s
        </div>
      </div>
      <table className="report-table eval-numbers" data-testid="eval-numbers">
        <tbody>
          {rows.map((r) => (
            <tr key={r.metric} data-metric={r.metric} data-testid={`eval-row-${r.metric}`}>
              <th>{r.name}</th>
              <td className="num eval-value" data-testid={`eval-value-${r.metric}`}>
                {r.value}
              </td>
              <td className="muted">{r.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <WarningCallouts warnings={warnings} testId="eval-warnings" />
      <ExportBar />
      {report.results.memorization && <NeighbourGallery report={report} />}
    </div>
  );
}

function ExportBar() {
  const actions = useActions();
  const dataDir = useStudioState((s) => s.info?.dataDir ?? '');
  const exportDir = useStudioState((s) => s.evaluate.exportDir);
  const lastExport = useStudioState((s) => s.evaluate.lastExport);
  return (
    <div className="eval-export">
      <label className="field eval-export-dir">
        <span className="field-label">Export to folder</span>
        <input
          className="input"
          data-testid="eval-export-dir"
          spellCheck={false}
          placeholder={dataDir}
          value={exportDir}
          onChange={(ev) => actions.setEval({ exportDir: ev.target.value })}
        />
      </label>
      {(['html', 'png'] as const).map((format) => (
        <button
          key={format}
          className="button"
          data-testid={`eval-export-${format}`}
          onClick={() => void actions.run(`eval-export-${format}`)}
        >
          Export {format.toUpperCase()}
        </button>
      ))}
      {lastExport && (
        <span className="muted eval-last-export" data-testid="eval-last-export" title={lastExport}>
          Saved {lastExport}
        </span>
      )}
    </div>
  );
}
