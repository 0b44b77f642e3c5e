import { useEffect, useRef, useState } from 'react';
import { chartGeometry, linePath, thin, type ChartBox, type ChartPoint } from '../geometry';

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  points: ChartPoint[];
}

interface Props {
  series: ChartSeries[];
  height?: number;
  xLabel?: string;
  testId?: string;
  empty?: string;
  /** How a value reads in the legend (the latest one is shown). */
  format?: (v: number | undefined) => string;
}

const PADDING = { top: 10, right: 14, bottom: 24, left: 46 };
const MAX_POINTS = 600;

/** A small dependency-free SVG line chart: grid, ticks, one path per series, legend with latest values. */
export function LineChart({ series, height = 180, xLabel, testId, empty, format = String }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(480);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(160, el.clientWidth)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const shown = series.map((s) => ({ ...s, points: thin(s.points, MAX_POINTS) }));
  const box: ChartBox = { width, height, padding: PADDING };
  const g = chartGeometry(
    shown.map((s) => s.points),
    box,
  );
  const hasData = shown.some((s) => s.points.length > 0);
  const tick = (v: number) => (Math.abs(v) >= 1000 ? `${v / 1000}k` : String(v));
  return (
    <div className="chart" ref={ref} data-testid={testId}>
      <div className="chart-legend">
        {series.map((s) => (
          <span key={s.key} className="chart-key">
            <span className="chart-swatch" style={{ background: s.color }} />
            {s.label}
            <b>{format(s.points.at(-1)?.y)}</b>
          </span>
        ))}
        {xLabel && <span className="chart-x muted">by {xLabel}</span>}
      </div>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`${series.map((s) => s.label).join(', ')} by ${xLabel ?? 'x'}`}
      >
        <rect
          className="chart-plot"
          x={g.plot.left}
          y={g.plot.top}
          width={g.plot.right - g.plot.left}
          height={g.plot.bottom - g.plot.top}
        />
        {hasData &&
          g.yTicks.map((t) => (
            <g key={`y${t}`}>
              <line
                className="chart-grid"
                x1={g.plot.left}
                x2={g.plot.right}
                y1={g.sy(t)}
                y2={g.sy(t)}
              />
              <text className="chart-tick" x={g.plot.left - 6} y={g.sy(t) + 3} textAnchor="end">
                {t}
              </text>
            </g>
          ))}
        {hasData &&
          g.xTicks.map((t) => (
            <text
              key={`x${t}`}
              className="chart-tick"
              x={g.sx(t)}
              y={g.plot.bottom + 15}
              textAnchor="middle"
            >
              {tick(t)}
            </text>
          ))}
        {shown.map((s) => (
          <path key={s.key} d={linePath(s.points, g)} stroke={s.color} className="chart-line" />
        ))}
        {!hasData && (
          <text className="chart-empty" x={width / 2} y={height / 2} textAnchor="middle">
            {empty ?? 'No data yet'}
          </text>
        )}
      </svg>
    </div>
  );
}
