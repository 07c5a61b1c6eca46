"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { seriesColor } from "./palette";
import type { SeriesKey, SeriesPoint } from "./types";

const AXIS_TICK = { fill: "var(--muted-foreground)", fontSize: 12 };

/**
 * A stacked bar chart of counts over time, one colour per series key (recharts). Drawn for sighted
 * readers only: the {@link ChartFigure} around it carries the same numbers as a table, so the SVG
 * is hidden from assistive technology and takes no keyboard focus (`accessibilityLayer` off).
 * Loaded through `lazy.tsx`, so recharts ships only with the routes that chart.
 */
export default function SeriesChart({
  data,
  keys,
  height = 260,
}: {
  data: SeriesPoint[];
  keys: SeriesKey[];
  height?: number;
}) {
  const rows = data.map((p) => ({ label: p.label, ...p.values }));
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} stroke="var(--border)" />
        <XAxis
          dataKey="label"
          tick={AXIS_TICK}
          tickLine={false}
          axisLine={{ stroke: "var(--border)" }}
          interval="preserveStartEnd"
          minTickGap={16}
        />
        <YAxis allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} width={48} />
        <Tooltip
          cursor={{ fill: "var(--muted)" }}
          contentStyle={{
            background: "var(--popover)",
            border: "1px solid var(--border)",
            borderRadius: 8,
            color: "var(--popover-foreground)",
          }}
          labelStyle={{ color: "var(--popover-foreground)", fontWeight: 600 }}
        />
        <Legend
          wrapperStyle={{ fontSize: 12 }}
          iconType="circle"
          formatter={(value) => <span style={{ color: "var(--foreground)" }}>{value}</span>}
        />
        {keys.map((k, i) => (
          <Bar
            key={k.key}
            dataKey={k.key}
            name={k.label}
            stackId="total"
            fill={seriesColor(i)}
            isAnimationActive={false}
            maxBarSize={48}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
