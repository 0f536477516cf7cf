// One uPlot time-series chart that fills its container's width: made once, fed new data with setData
// (no re-creation per tick), resized by a ResizeObserver, destroyed on unmount. The legend is uPlot's
// own: hovering shows each series' value at that time in the chart's unit.
import 'uplot/dist/uPlot.min.css';
import './time-chart.css';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { type ChartSpec, formatValue } from './chart-series';

const HEIGHT = 160;
const BINARY_STEPS = Array.from({ length: 50 }, (_, i) => 2 ** i);

/** `spec` of any sample type: the chart only reads its unit, labels and colours */
export function TimeChart({ spec, data }: { spec: ChartSpec<never>; data: (number | null)[][] }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot>(undefined);
  // the chart is made with the data of the moment, then fed through setData (below)
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const axis = {
      stroke: '#868e96', // a canvas colour: CSS variables do not reach it
      grid: { stroke: 'rgba(128,128,128,0.15)' },
      ticks: { stroke: 'rgba(128,128,128,0.3)' },
    };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      cursor: { drag: { x: false, y: false } },
      scales: {
        y:
          spec.unit === 'percent'
            ? { range: [0, 100] }
            : // at least 1 KiB high: an idle disk's axis reads 0 to 1 KiB, not fractions of a byte
              { range: (_u, _min, max) => [0, Math.max(1024, max * 1.1)] },
      },
      axes: [
        axis,
        {
          ...axis,
          size: 84,
          // bytes step in powers of two (64 MiB, 128 MiB), so the ticks read as round binary units
          incrs: spec.unit === 'percent' ? undefined : BINARY_STEPS,
          values: (_u, splits) => splits.map((v) => formatValue(spec.unit, v)),
        },
      ],
      series: [
        { value: (_u, v) => (v === null ? '–' : new Date(v * 1000).toLocaleTimeString()) },
        ...spec.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          fill: `${s.color}22`,
          value: (_u: uPlot, v: number | null) => formatValue(spec.unit, v),
        })),
      ],
    };
    const u = new uPlot(opts, latest.current as uPlot.AlignedData, el);
    plot.current = u;
    const resize = new ResizeObserver(() => {
      const w = el.clientWidth;
      if (w > 0 && w !== u.width) u.setSize({ width: w, height: HEIGHT });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = undefined;
    };
  }, [spec]);

  useEffect(() => {
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data]);

  return <div ref={box} data-testid={`chart-${spec.id}`} className="kvm-time-chart" />;
}
