/** The likelihood × impact heat map: open risks per cell, coloured by the cell's band; a click filters. */
import { Box, SegmentedControl, Stack, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { BAND_COLORS, BAND_LABELS, type Basis, bandOfScore, IMPACT, LIKELIHOOD } from "./risk-api";

const SCALE = [1, 2, 3, 4, 5];

export function RiskHeatMap({
  grid,
  basis,
  onBasis,
  selected,
  onSelect,
}: {
  grid: number[][];
  basis: Basis;
  onBasis: (b: Basis) => void;
  selected: { likelihood: number; impact: number } | null;
  onSelect: (cell: { likelihood: number; impact: number } | null) => void;
}) {
  const total = grid.flat().reduce((a, b) => a + b, 0);
  return (
    <Stack gap="xs" data-testid="risk-heatmap" data-basis={basis} data-total={total}>
      <SegmentedControl
        size="xs"
        value={basis}
        onChange={(v) => onBasis(v as Basis)}
        data={[
          { value: "inherent", label: "Inherent" },
          { value: "residual", label: "Residual" },
        ]}
        data-testid="heatmap-basis"
      />
      <Box style={{ display: "grid", gridTemplateColumns: "78px repeat(5, 1fr)", gap: 4 }}>
        {[...SCALE].reverse().map((l) => (
          <Box key={l} style={{ display: "contents" }}>
            <Text size="xs" c="dimmed" ta="right" pr={4} style={{ alignSelf: "center", lineHeight: 1.1 }}>
              {l} · {LIKELIHOOD[l - 1]}
            </Text>
            {SCALE.map((i) => {
              const count = grid[l - 1]?.[i - 1] ?? 0;
              const band = bandOfScore(l * i);
              const isSelected = selected?.likelihood === l && selected.impact === i;
              const color = BAND_COLORS[band];
              return (
                <Tooltip
                  key={i}
                  label={`Likelihood ${l} × impact ${i} = ${l * i} (${BAND_LABELS[band]}): ${count} open ${count === 1 ? "risk" : "risks"}`}
                >
                  <UnstyledButton
                    data-testid={`heat-cell-${l}-${i}`}
                    data-count={count}
                    aria-pressed={isSelected}
                    onClick={() => onSelect(isSelected ? null : { likelihood: l, impact: i })}
                    style={{
                      height: 40,
                      borderRadius: 6,
                      display: "flex",
                      alignItems: "center",
                      justifyContent: "center",
                      fontWeight: 700,
                      fontSize: 14,
                      background: `var(--mantine-color-${color}-${count > 0 ? 5 : 1})`,
                      color: count > 0 ? "white" : `var(--mantine-color-${color}-7)`,
                      outline: isSelected ? "3px solid var(--mantine-color-dark-6)" : undefined,
                      outlineOffset: 1,
                    }}
                  >
                    {count > 0 ? count : ""}
                  </UnstyledButton>
                </Tooltip>
              );
            })}
          </Box>
        ))}
        <Box />
        {SCALE.map((i) => (
          <Text key={i} size="xs" c="dimmed" ta="center" style={{ lineHeight: 1.1 }}>
            {i} · {IMPACT[i - 1]}
          </Text>
        ))}
      </Box>
      <Text size="xs" c="dimmed" ta="center">
        Impact → · likelihood ↑ · {total} open {total === 1 ? "risk" : "risks"}; click a cell to filter
      </Text>
    </Stack>
  );
}
