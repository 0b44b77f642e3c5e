import type { EvalReport } from '../../../../main/contract/eval-schemas';
import { LineChart } from '../../ui/LineChart';
import { useActions, useStudioState } from '../../app/StudioContext';
import { headline, sideWords, whenWords } from './words';

const SERIES = [
  {
    metric: 'fid' as const,
    label: 'FID',
    color: '#e0a84a',
    value: (r: EvalReport) => r.results.fid?.value,
  },
  {
    metric: 'kid' as const,
    label: 'KID',
    color: '#6cc58f',
    value: (r: EvalReport) => r.results.kid?.mean,
  },
];

/**
 * This model's saved evaluations (newest first, as eval.history answers) and its scores over them. Only evaluations with
 * the same extractor as the one shown are charted: other features give other numbers.
 */
export function EvalHistory() {
  const actions = useActions();
  const history = useStudioState((s) => s.evaluate.history);
  const key = useStudioState((s) => s.evaluate.historyKey);
  const current = useStudioState((s) => s.evaluate.report);
  const extractorId = current?.extractor.id ?? history[0]?.extractor.id;
  // The history comes newest first; the chart runs oldest to newest.
  const comparable = history.filter((r) => r.extractor.id === extractorId).reverse();
  const order = current?.order ?? history[0]?.order ?? [];
  const series = SERIES.map((s) => ({
    ...s,
    points: comparable.flatMap((r, i) => {
      const y = s.value(r);
      return y === undefined ? [] : [{ x: i + 1, y }];
    }),
  }))
    .filter((s) => s.points.length > 0)
    .sort((a, b) => rank(order, a.metric) - rank(order, b.metric));
  return (
    <section className="panel eval-history-panel" aria-label="History">
      <div className="panel-head">
        <h2>History</h2>
        <button
          className="button small ghost"
          onClick={() => void actions.loadEvalHistory(key)}
          disabled={!key}
        >
          Refresh
        </button>
      </div>
      <div className="panel-body">
        {comparable.length === 1 && (
          <div className="muted small-print">The chart appears from the second evaluation.</div>
        )}
        {comparable.length > 1 &&
          series.map((s) => (
            <LineChart
              key={s.metric}
              testId={`eval-history-chart-${s.metric}`}
              series={[{ key: s.metric, label: s.label, color: s.color, points: s.points }]}
              height={110}
              xLabel="evaluation"
              format={(v) =>
                v === undefined ? '—' : s.metric === 'kid' ? v.toFixed(4) : v.toFixed(2)
              }
            />
          ))}
        {history.length === 0 ? (
          <div className="muted empty">
            {key
              ? 'No saved evaluations of this model yet.'
              : 'Choose a model to see its evaluations.'}
          </div>
        ) : (
          <ul className="eval-history" data-testid="eval-history">
            {history.map((r) => (
              <li key={r.id}>
                <button
                  className={`eval-history-item ${r.id === current?.id ? 'on' : ''}`}
                  data-testid="eval-history-item"
                  onClick={() => actions.showEvalReport(r.id)}
                  title={r.extractor.label}
                >
                  <span className="eval-history-when">{whenWords(r.createdAt)}</span>
                  <b>{headline(r)}</b>
                  <span className="muted">
                    {sideWords(r.fake)}
                    {r.extractor.id !== extractorId ? ' · other extractor' : ''}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function rank(order: readonly string[], metric: string): number {
  const i = order.indexOf(metric);
  return i === -1 ? order.length : i;
}
