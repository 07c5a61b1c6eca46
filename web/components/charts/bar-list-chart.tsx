"use client";

import { Bar, BarChart, LabelList, ResponsiveContainer, XAxis, YAxis } from "recharts";
import { seriesColor } from "./palette";
import type { RankedBar } from "./types";

const AXIS_TICK = { fill: "var(--muted-foreground)", fontSize: 12 };

/**
 * Horizontal bars with their values written at the end (a funnel's stages, top portals): the
 * numbers are readable without a tooltip, which a phone has no hover for. Hidden from assistive
 * technology like {@link SeriesChart}; the figure's table carries the numbers.
 */
export default function BarListChart({
  bars,
  colorIndex = 0,
  height,
}: {
  bars: RankedBar[];
  colorIndex?: number;
  height?: number;
}) {
  const h = height ?? Math.max(120, bars.length * 44 + 16);
  return (
    <ResponsiveContainer width="100%" height={h}>
      <BarChart
        data={bars}
        layout="vertical"
        accessibilityLayer={false}
        margin={{ top: 4, right: 40, bottom: 4, left: 0 }}
      >
        <XAxis type="number" allowDecimals={false} hide />
        <YAxis
          type="category"
          dataKey="label"
          tick={AXIS_TICK}
          tickLine={false}
          axisLine={false}
          width={96}
        />
        <Bar dataKey="value" fill={seriesColor(colorIndex)} radius={[0, 4, 4, 0]} isAnimationActive={false}>
          <LabelList dataKey="value" position="right" fill="var(--foreground)" fontSize={12} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
