import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatUtc } from './time.tsx';

export interface ChartSeries {
  label: string;
  /** One value per time in `times`; null is a gap. */
  values: (number | null)[];
  color: string;
}

export interface ChartMarker {
  /** Epoch ms. */
  at: number;
  /** One line shown on hover and read by screen readers. */
  label: string;
  tone?: 'change' | 'danger';
}

interface TimeSeriesChartProps {
  title: string;
  /** Epoch ms of each point. */
  times: number[];
  series: ChartSeries[];
  formatValue: (value: number) => string;
  markers?: ChartMarker[];
  height?: number;
  /** Bars for counts per bucket (log volume), lines for everything else. */
  kind?: 'line' | 'bars';
}

// One shared empty list: a fresh `[]` default would re-create the plot on every render.
const NO_MARKERS: ChartMarker[] = [];

interface Overlay {
  left: number;
  top: number;
  width: number;
  height: number;
  positions: number[];
}

/**
 * A time-series chart drawn by uPlot, with markers (changes, incidents) laid over the time axis as
 * focusable pins that name what happened on hover and focus. Fixed height, so nothing jumps.
 */
export function TimeSeriesChart({
  title,
  times,
  series,
  formatValue,
  markers = NO_MARKERS,
  height = 180,
  kind = 'line',
}: TimeSeriesChartProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [overlay, setOverlay] = useState<Overlay | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const markerTimes = markers.map((m) => m.at / 1000);
    const place = (plot: uPlot) => {
      const over = plot.over;
      setOverlay({
        left: over.offsetLeft,
        top: over.offsetTop,
        width: over.clientWidth,
        height: over.clientHeight,
        positions: markerTimes.map((t) => plot.valToPos(t, 'x')),
      });
    };
    const options: uPlot.Options = {
      width: Math.max(host.clientWidth, 200),
      height,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [
        {
          stroke: 'currentColor',
          grid: { stroke: 'rgba(128,128,128,0.15)' },
          ticks: { stroke: 'rgba(128,128,128,0.3)' },
        },
        {
          stroke: 'currentColor',
          grid: { stroke: 'rgba(128,128,128,0.15)' },
          ticks: { stroke: 'rgba(128,128,128,0.3)' },
          size: 64,
          values: (_plot, ticks) => ticks.map((v) => formatValue(v)),
        },
      ],
      series: [
        { value: (_plot, v) => (v === null ? '—' : new Date(v * 1000).toLocaleTimeString()) },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          spanGaps: false,
          ...(kind === 'bars' ? { paths: uPlot.paths.bars?.({ size: [0.8, 40] }), fill: s.color } : {}),
          value: (_plot: uPlot, v: number | null) => (v === null ? '—' : formatValue(v)),
        })),
      ],
      hooks: { ready: [place], setSize: [place] },
    };
    const data: uPlot.AlignedData = [times.map((t) => t / 1000), ...series.map((s) => s.values)];
    const plot = new uPlot(options, data, host);
    const observer = new ResizeObserver(() => {
      const width = Math.max(host.clientWidth, 200);
      if (width !== plot.width) plot.setSize({ width, height });
    });
    observer.observe(host);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [times, series, formatValue, markers, height, kind]);

  return (
    <figure className="chart" aria-label={title}>
      <figcaption className="chart-title">{title}</figcaption>
      <div className="chart-body" style={{ minHeight: height + 32 }}>
        <div ref={hostRef} className="chart-host" />
        {overlay
          ? markers.map((marker, index) => {
              const x = overlay.positions[index] ?? -1;
              if (x < 0 || x > overlay.width) return null;
              return (
                <button
                  type="button"
                  key={`${marker.at}-${marker.label}`}
                  className={`chart-marker marker-${marker.tone ?? 'change'}`}
                  style={{ left: overlay.left + x, top: overlay.top, height: overlay.height }}
                  aria-label={marker.label}
                  data-tooltip={`${marker.label} · ${formatUtc(new Date(marker.at))}`}
                />
              );
            })
          : null}
      </div>
    </figure>
  );
}
