/** The readiness trend as a plain SVG line chart: one point per day, 0–100 on the y axis. */
import { Box, Text } from "@mantine/core";
import { useId } from "react";
import { formatDate } from "../format";

export interface TrendPoint {
  day: string;
  value: number;
}

const W = 640;
const H = 200;
const PAD = { top: 12, right: 16, bottom: 28, left: 36 };

const dayNumber = (day: string): number => {
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / 86_400_000;
};

const shortDate = (day: string): string => formatDate(day).replace(/ \d{4}$/, "");

export function TrendChart({
  points,
  color = "var(--mantine-color-brand-6)",
}: {
  points: TrendPoint[];
  color?: string;
}) {
  const gradientId = useId();
  const sorted = [...points].sort((a, b) => (a.day < b.day ? -1 : 1));
  if (sorted.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No readiness history yet.
      </Text>
    );
  }
  const first = dayNumber(sorted[0]?.day ?? "");
  const last = dayNumber(sorted[sorted.length - 1]?.day ?? "");
  const span = Math.max(1, last - first);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (day: string) =>
    sorted.length === 1 ? PAD.left + innerW / 2 : PAD.left + ((dayNumber(day) - first) / span) * innerW;
  const y = (v: number) => PAD.top + innerH - (Math.max(0, Math.min(100, v)) / 100) * innerH;
  const line = sorted
    .map((p, i) => `${i === 0 ? "M" : "L"}${x(p.day).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(" ");
  const area =
    sorted.length > 1
      ? `${line} L${x(sorted[sorted.length - 1]?.day ?? "").toFixed(1)},${y(0)} L${x(sorted[0]?.day ?? "").toFixed(1)},${y(0)} Z`
      : "";
  // At most six date labels, evenly spread over the points.
  const step = Math.max(1, Math.ceil(sorted.length / 6));
  const labelled = sorted.filter((_, i) => i % step === 0 || i === sorted.length - 1);
  const lastPoint = sorted[sorted.length - 1];
  return (
    <Box data-testid="readiness-trend" data-points={sorted.length}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={`Readiness over time: ${sorted.map((p) => `${formatDate(p.day)} ${p.value}%`).join(", ")}`}
        style={{ display: "block", maxHeight: 240 }}
      >
        <defs>
          <linearGradient id={gradientId} x1="0" x2="0" y1="0" y2="1">
            <stop offset="0%" stopColor={color} stopOpacity={0.22} />
            <stop offset="100%" stopColor={color} stopOpacity={0.02} />
          </linearGradient>
        </defs>
        {[0, 25, 50, 75, 100].map((v) => (
          <g key={v}>
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={y(v)}
              y2={y(v)}
              stroke="var(--mantine-color-gray-3)"
              strokeDasharray={v === 0 ? undefined : "3 4"}
              strokeWidth={1}
            />
            <text
              x={PAD.left - 8}
              y={y(v) + 4}
              textAnchor="end"
              fontSize={11}
              fill="var(--mantine-color-dimmed)"
            >
              {v}
            </text>
          </g>
        ))}
        {area ? <path d={area} fill={`url(#${gradientId})`} /> : null}
        {sorted.length > 1 ? (
          <path
            d={line}
            fill="none"
            stroke={color}
            strokeWidth={2.5}
            strokeLinejoin="round"
            strokeLinecap="round"
          />
        ) : null}
        {sorted.map((p) => (
          <circle
            key={p.day}
            cx={x(p.day)}
            cy={y(p.value)}
            r={sorted.length > 40 ? 0 : 3.5}
            fill="white"
            stroke={color}
            strokeWidth={2}
          >
            <title>{`${formatDate(p.day)}: ${p.value}%`}</title>
          </circle>
        ))}
        {lastPoint ? (
          <g>
            <circle cx={x(lastPoint.day)} cy={y(lastPoint.value)} r={5} fill={color} />
            <text
              x={Math.min(x(lastPoint.day), W - PAD.right - 4)}
              y={y(lastPoint.value) - 10}
              textAnchor={sorted.length === 1 ? "middle" : "end"}
              fontSize={12}
              fontWeight={700}
              fill="var(--mantine-color-text)"
            >
              {lastPoint.value}%
            </text>
          </g>
        ) : null}
        {labelled.map((p) => (
          <text
            key={`label-${p.day}`}
            x={x(p.day)}
            y={H - 8}
            textAnchor={
              sorted.length === 1 ? "middle" : p === sorted[0] ? "start" : p === lastPoint ? "end" : "middle"
            }
            fontSize={11}
            fill="var(--mantine-color-dimmed)"
          >
            {shortDate(p.day)}
          </text>
        ))}
      </svg>
    </Box>
  );
}
