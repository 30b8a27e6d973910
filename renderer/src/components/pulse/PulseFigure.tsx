/**
 * One figure of the team pulse: a chart drawn by recharts and, beside it, a table with the very same
 * numbers (a caption, column and row headers with their scope), so a screen reader, a keyboard user
 * or anyone copying the numbers gets them without the picture. The chart itself is hidden from
 * assistive technology: the table says everything it shows.
 */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { PulseWeek } from '../../../../shared/protocol';

const messages = defineMessages({
  week: { id: 'pulse.week', defaultMessage: 'Week of' },
});

/** One series: a column of `PulseWeek`, its label and its colour in the chart. */
export interface PulseSeries {
  key: 'posts' | 'replies' | 'activeMembers' | 'promoted' | 'reach' | 'joined';
  label: string;
  color: string;
}

export interface PulseFigureProps {
  /** The figure's caption: the table's caption and the chart's name. */
  title: string;
  kind: 'bar' | 'line';
  series: readonly PulseSeries[];
  weeks: readonly PulseWeek[];
  testId: string;
}

/** A week's start as the locale writes a short date (weeks start on Monday, UTC, as the server counts them). */
export function weekLabel(intl: ReturnType<typeof useIntl>, weekStart: number): string {
  return intl.formatDate(weekStart, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

export function PulseFigure({ title, kind, series, weeks, testId }: PulseFigureProps) {
  const intl = useIntl();
  const data = weeks.map((w) => ({ ...w, label: weekLabel(intl, w.weekStart) }));
  const format = (value: unknown) => (typeof value === 'number' ? intl.formatNumber(value) : String(value));
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="label" fontSize={11} />
      <YAxis allowDecimals={false} width={36} fontSize={11} tickFormatter={format} />
      <Tooltip formatter={format} />
      <Legend />
    </>
  );
  return (
    <figure className="pulse-figure" data-testid={testId}>
      <div className="pulse-chart" aria-hidden="true">
        {kind === 'bar' ? (
          <BarChart width={340} height={180} data={data}>
            {axes}
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        ) : (
          <LineChart width={340} height={180} data={data}>
            {axes}
            {series.map((s) => (
              <Line
                key={s.key}
                type="monotone"
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        )}
      </div>
      <table className="pulse-table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">
              <FormattedMessage {...messages.week} />
            </th>
            {series.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.map((week) => (
            <tr key={week.weekStart}>
              <th scope="row">{week.label}</th>
              {series.map((s) => (
                <td key={s.key} data-column={s.key}>
                  {intl.formatNumber(week[s.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
