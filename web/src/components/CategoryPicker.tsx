import { Checkbox, Group, List, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { CATEGORY_NAMES } from "../format";
import { CATEGORY_CODES, type CategoryCode, type CategoryRecommendation } from "../types";
import { RecommendationBadge } from "./Badges";

/** Security first, then the others in AICPA order, each once. */
export const normalizeCategories = (categories: readonly string[]): CategoryCode[] =>
  CATEGORY_CODES.filter((c) => c === "CC" || categories.includes(c));

/**
 * The five trust services categories as checkboxes. Security is locked on: every SOC 2 report
 * covers it. With recommendations, each category shows its level and the reasons behind it.
 */
export function CategoryPicker({
  value,
  onChange,
  recommendations,
  disabled = false,
  showReasons = true,
}: {
  value: readonly string[];
  onChange: (next: CategoryCode[]) => void;
  recommendations?: readonly CategoryRecommendation[] | undefined;
  disabled?: boolean;
  showReasons?: boolean;
}) {
  const selected = normalizeCategories(value);
  const toggle = (code: CategoryCode, on: boolean) => {
    const next = on ? [...selected, code] : selected.filter((c) => c !== code);
    onChange(normalizeCategories(next));
  };
  return (
    <Stack gap="xs" data-testid="category-picker">
      {CATEGORY_CODES.map((code) => {
        const rec = recommendations?.find((r) => r.category === code);
        const locked = code === "CC";
        return (
          <Paper key={code} withBorder p="sm" radius="sm" data-testid={`category-${code}`}>
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
              <Checkbox
                checked={locked || selected.includes(code)}
                disabled={locked || disabled}
                styles={
                  locked ? { label: { color: "var(--mantine-color-text)", cursor: "default" } } : undefined
                }
                onChange={(e) => toggle(code, e.currentTarget.checked)}
                label={
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500} span>
                      {CATEGORY_NAMES[code]}
                    </Text>
                    <Text size="xs" c="dimmed" span>
                      {code}
                    </Text>
                    {locked ? (
                      <Tooltip label="Security (the common criteria) is part of every SOC 2 report">
                        <IconLock
                          size={13}
                          color="var(--mantine-color-dimmed)"
                          aria-label="Always in scope"
                        />
                      </Tooltip>
                    ) : null}
                  </Group>
                }
                description={
                  showReasons && rec && rec.reasons.length > 0 ? (
                    <List size="xs" spacing={2} mt={4} c="dimmed" data-testid="recommendation-reasons">
                      {rec.reasons.map((reason) => (
                        <List.Item key={reason}>{reason}</List.Item>
                      ))}
                    </List>
                  ) : undefined
                }
              />
              {rec ? <RecommendationBadge level={rec.level} style={{ flexShrink: 0 }} /> : null}
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
