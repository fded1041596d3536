import { TimeSeriesChart } from '../../components/time-series-chart.tsx';

type ForecastPoint = [number, number, number, number];

/** History, forecast mean and its 95% band, and the limit (if any), on one time axis. */
export function ForecastChart(props: {
  title: string;
  history: ReadonlyArray<[number, number]>;
  forecast: ReadonlyArray<ForecastPoint>;
  limit: number | null;
  formatValue: (value: number) => string;
}) {
  const { history, forecast, limit } = props;
  const times = [...history.map(([t]) => t * 1000), ...forecast.map(([t]) => t * 1000)];
  const blankHistory = history.map(() => null);
  const blankForecast = forecast.map(() => null);
  return (
    <TimeSeriesChart
      title={props.title}
      times={times}
      formatValue={props.formatValue}
      series={[
        { label: 'used', values: [...history.map(([, v]) => v), ...blankForecast], color: '#3b82f6' },
        {
          label: 'forecast',
          values: [...blankHistory, ...forecast.map(([, mean]) => mean)],
          color: '#8b5cf6',
        },
        {
          label: 'lower (95%)',
          values: [...blankHistory, ...forecast.map(([, , lower]) => lower)],
          color: '#c4b5fd',
        },
        {
          label: 'upper (95%)',
          values: [...blankHistory, ...forecast.map(([, , , upper]) => upper)],
          color: '#c4b5fd',
        },
        ...(limit === null ? [] : [{ label: 'limit', values: times.map(() => limit), color: '#ef4444' }]),
      ]}
    />
  );
}
