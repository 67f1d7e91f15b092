'use client';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration } from '@/lib/analytics';

const BAR = '#1e40af'; // brand-700
const BAR_2 = '#0f766e'; // teal-700
const AXIS = '#334155'; // slate-700: 10:1 on white
const GRID = '#e2e8f0';

const tick = { fill: AXIS, fontSize: 12 };
const number = (n: number) => n.toLocaleString('en-GB');

/**
 * The charts are pictures of the tables beside them: each is one labelled
 * image for assistive technology (role="img"), and the table carries the numbers.
 */
function ChartFrame({ label, height, children }: { label: string; height: number; children: React.ReactNode }) {
  return (
    <div role="img" aria-label={label} className="w-full" style={{ height }}>
      {children}
    </div>
  );
}

/** Horizontal bars, one per category: readable on a phone however long the labels are. */
export function CategoryBars({ data, label, valueLabel, kind = 'count', color = 'primary' }: { data: { name: string; value: number }[]; label: string; valueLabel: string; kind?: 'count' | 'duration'; color?: 'primary' | 'secondary' }) {
  const height = Math.max(120, data.length * 34 + 40);
  const format = kind === 'duration' ? (v: number) => formatDuration(v) : number;
  return (
    <ChartFrame label={label} height={height}>
      <BarChart responsive data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }} accessibilityLayer={false} style={{ width: '100%', height }}>
        <CartesianGrid horizontal={false} stroke={GRID} />
        <XAxis type="number" tick={tick} stroke={AXIS} tickFormatter={kind === 'duration' ? (v: number) => `${Number((v / 1000).toFixed(1))} s` : number} allowDecimals={false} />
        <YAxis type="category" dataKey="name" tick={tick} stroke={AXIS} width={150} interval={0} />
        <Tooltip formatter={(v) => [format(Number(v)), valueLabel]} cursor={{ fill: '#f1f5f9' }} />
        <Bar dataKey="value" name={valueLabel} fill={color === 'primary' ? BAR : BAR_2} isAnimationActive={false} maxBarSize={24} />
      </BarChart>
    </ChartFrame>
  );
}

/** Views per day across the range. */
export function DailyViews({ data, label }: { data: { day: string; views: number }[]; label: string }) {
  return (
    <ChartFrame label={label} height={220}>
      <AreaChart responsive data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false} style={{ width: '100%', height: 220 }}>
        <CartesianGrid vertical={false} stroke={GRID} />
        <XAxis dataKey="day" tick={tick} stroke={AXIS} tickFormatter={(d: string) => d.slice(5)} minTickGap={24} />
        <YAxis tick={tick} stroke={AXIS} allowDecimals={false} width={40} />
        <Tooltip formatter={(v) => [number(Number(v)), 'Views']} />
        <Area type="monotone" dataKey="views" name="Views" stroke={BAR} fill="#d9e8ff" isAnimationActive={false} />
      </AreaChart>
    </ChartFrame>
  );
}
