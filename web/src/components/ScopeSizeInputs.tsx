import { NumberInput, SimpleGrid, type SimpleGridProps } from "@mantine/core";

/** The four size drivers of a quote, shared by the public questionnaire and the engagement's Quote tab. */
export interface ScopeSize {
  employees: number | string;
  systems: number | string;
  locations: number | string;
  vendors: number | string;
}

const FIELDS: { key: keyof ScopeSize; label: string; description: string; min: number; max: number }[] = [
  {
    key: "employees",
    label: "Employees",
    description: "People on the payroll, including contractors",
    min: 1,
    max: 1_000_000,
  },
  {
    key: "systems",
    label: "Systems",
    description: "Applications and infrastructure in scope",
    min: 1,
    max: 10_000,
  },
  { key: "locations", label: "Locations", description: "Offices and data centres", min: 1, max: 10_000 },
  {
    key: "vendors",
    label: "Vendors",
    description: "Key vendors and subservice organizations",
    min: 0,
    max: 10_000,
  },
];

export function ScopeSizeInputs({
  value,
  onChange,
  cols,
}: {
  value: ScopeSize;
  onChange: (key: keyof ScopeSize, next: number | string) => void;
  cols: SimpleGridProps["cols"];
}) {
  return (
    <SimpleGrid cols={cols} spacing="sm">
      {FIELDS.map((f) => (
        <NumberInput
          key={f.key}
          label={f.label}
          description={f.description}
          value={value[f.key]}
          onChange={(v) => onChange(f.key, v)}
          min={f.min}
          max={f.max}
          allowDecimal={false}
          allowNegative={false}
          thousandSeparator={f.key === "employees" ? "," : undefined}
          required
        />
      ))}
    </SimpleGrid>
  );
}
