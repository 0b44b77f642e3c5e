import type { LossPoint } from '../../store/training';
import { LineChart, type ChartSeries } from '../../ui/LineChart';
import { lossLabel, lossWords } from './words';

const COLORS = ['#e0a84a', '#7aa7e0', '#6cc58f', '#d77fc4', '#e5675c'];

/** One curve per loss term (d/g for a GAN, loss/recon/kl for a VAE), by step. */
export function LossChart({ history, empty }: { history: LossPoint[]; empty: string }) {
  const keys = [...new Set(history.flatMap((h) => Object.keys(h.losses)))];
  const series: ChartSeries[] = keys.map((key, i) => ({
    key,
    label: lossLabel(key),
    color: COLORS[i % COLORS.length]!,
    points: history
      .filter((h) => h.losses[key] !== undefined)
      .map((h) => ({ x: h.step, y: h.losses[key]! })),
  }));
  return (
    <div className="losses">
      <h3>Losses</h3>
      <LineChart
        series={series}
        testId="loss-chart"
        xLabel="step"
        height={300}
        format={lossWords}
        empty={empty}
      />
    </div>
  );
}
