/** Add or edit a vendor in a modal: service, data shared, tier, owner, contract and DPA dates, CSOCs. */
import {
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { api, errorMessage, seg } from "../../api";
import { useOrganization } from "../../queries";
import { type Vendor, vendorKeys } from "./vendor-api";

/** "Text of the control [CC6.4, A1.2]" per line ⇄ { text, criteria }. */
export const csocsToText = (csocs: Vendor["csocs"]): string =>
  csocs.map((c) => (c.criteria.length > 0 ? `${c.text} [${c.criteria.join(", ")}]` : c.text)).join("\n");

export const textToCsocs = (text: string): Vendor["csocs"] =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((l) => {
      const m = /^(.*?)\s*\[([^\]]*)\]\s*$/.exec(l);
      if (!m) return { text: l, criteria: [] };
      return {
        text: (m[1] ?? "").trim(),
        criteria: (m[2] ?? "")
          .split(",")
          .map((c) => c.trim().toUpperCase())
          .filter((c) => c !== ""),
      };
    });

interface FormState {
  name: string;
  service: string;
  dataCategories: string[];
  personalData: boolean;
  tier: string;
  ownerUserId: string | null;
  contractStart: string;
  contractEnd: string;
  dpaSignedOn: string;
  lastReviewedOn: string;
  status: string;
  subserviceMethod: string | null;
  csocs: string;
  notes: string;
}

const fromVendor = (v: Vendor | undefined): FormState => ({
  name: v?.name ?? "",
  service: v?.service ?? "",
  dataCategories: v?.dataCategories ?? [],
  personalData: v?.personalData ?? false,
  tier: String(v?.tier ?? 2),
  ownerUserId: v?.ownerUserId ?? null,
  contractStart: v?.contractStart ?? "",
  contractEnd: v?.contractEnd ?? "",
  dpaSignedOn: v?.dpaSignedOn ?? "",
  lastReviewedOn: v?.lastReviewedOn ?? "",
  status: v?.status ?? "active",
  subserviceMethod: v?.subserviceMethod ?? null,
  csocs: csocsToText(v?.csocs ?? []),
  notes: v?.notes ?? "",
});

const orNull = (s: string) => (s.trim() === "" ? null : s);

export function VendorFormModal({
  orgId,
  vendor,
  opened,
  onClose,
}: {
  orgId: string;
  vendor?: Vendor;
  opened: boolean;
  onClose: () => void;
}) {
  const [form, setForm] = useState<FormState>(() => fromVendor(vendor));
  const [error, setError] = useState<string | null>(null);
  const org = useOrganization(orgId);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const owners = (org.data?.members ?? [])
    .filter((m) => m.role === "org_admin" || m.role === "control_owner")
    .map((m) => ({ value: m.userId ?? m.id ?? "", label: m.name }))
    .filter((o, i, all) => o.value !== "" && all.findIndex((x) => x.value === o.value) === i);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: form.name,
        service: form.service,
        dataCategories: form.dataCategories,
        personalData: form.personalData,
        tier: Number(form.tier),
        ownerUserId: form.ownerUserId,
        contractStart: orNull(form.contractStart),
        contractEnd: orNull(form.contractEnd),
        dpaSignedOn: orNull(form.dpaSignedOn),
        lastReviewedOn: orNull(form.lastReviewedOn),
        status: form.status,
        subserviceMethod: form.subserviceMethod,
        csocs: textToCsocs(form.csocs),
        notes: form.notes,
      };
      return vendor
        ? api.patch<{ vendor: Vendor }>(`/api/vendors/${seg(vendor.id)}`, body)
        : api.post<{ vendor: Vendor }>(`/api/organizations/${seg(orgId)}/vendors`, body);
    },
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: vendorKeys.all(orgId) });
      void queryClient.invalidateQueries({ queryKey: vendorKeys.detail(r.vendor.id) });
      onClose();
      if (!vendor) navigate(`/vendors/${r.vendor.id}`);
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={vendor ? `Edit ${vendor.name}` : "Add vendor"} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          save.mutate();
        }}
        data-testid="vendor-form"
      >
        <Stack gap="sm">
          <TextInput
            label="Name"
            required
            value={form.name}
            onChange={(e) => set("name", e.currentTarget.value)}
            data-testid="vendor-name"
          />
          <Textarea
            label="Service"
            required
            autosize
            minRows={2}
            value={form.service}
            onChange={(e) => set("service", e.currentTarget.value)}
            data-testid="vendor-service"
          />
          <TagsInput
            label="Data shared"
            placeholder="Type a category and press Enter"
            value={form.dataCategories}
            onChange={(v) => set("dataCategories", v)}
          />
          <Switch
            label="Personal data is shared"
            checked={form.personalData}
            onChange={(e) => set("personalData", e.currentTarget.checked)}
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              Criticality tier (reviews every 12, 24 or 36 months)
            </Text>
            <SegmentedControl
              value={form.tier}
              onChange={(v) => set("tier", v)}
              data={[
                { value: "1", label: "1 · critical" },
                { value: "2", label: "2 · important" },
                { value: "3", label: "3 · low" },
              ]}
            />
          </div>
          <SimpleGrid cols={2}>
            <Select
              label="Owner"
              clearable
              data={owners}
              value={form.ownerUserId}
              onChange={(v) => set("ownerUserId", v)}
            />
            <Select
              label="Status"
              data={[
                { value: "onboarding", label: "Onboarding" },
                { value: "active", label: "Active" },
                { value: "offboarded", label: "Offboarded" },
              ]}
              value={form.status}
              onChange={(v) => set("status", v ?? "active")}
            />
            <TextInput
              type="date"
              label="Contract start"
              value={form.contractStart}
              onChange={(e) => set("contractStart", e.currentTarget.value)}
            />
            <TextInput
              type="date"
              label="Contract end"
              value={form.contractEnd}
              onChange={(e) => set("contractEnd", e.currentTarget.value)}
            />
            <TextInput
              type="date"
              label="DPA signed"
              value={form.dpaSignedOn}
              onChange={(e) => set("dpaSignedOn", e.currentTarget.value)}
            />
            <TextInput
              type="date"
              label="Last reviewed (before Fieldwork)"
              value={form.lastReviewedOn}
              onChange={(e) => set("lastReviewedOn", e.currentTarget.value)}
            />
          </SimpleGrid>
          <Select
            label="Subservice organization"
            description="A subservice organization performs controls the system description relies on."
            clearable
            placeholder="Not a subservice organization"
            data={[
              { value: "carve-out", label: "Yes · carve-out method" },
              { value: "inclusive", label: "Yes · inclusive method" },
            ]}
            value={form.subserviceMethod}
            onChange={(v) => set("subserviceMethod", v)}
          />
          {form.subserviceMethod ? (
            <Textarea
              label="Complementary subservice organization controls (DC7)"
              description="One per line; criteria in brackets, e.g. “Restricts physical access to data centres [CC6.4]”."
              autosize
              minRows={3}
              value={form.csocs}
              onChange={(e) => set("csocs", e.currentTarget.value)}
            />
          ) : null}
          <Textarea
            label="Notes"
            autosize
            minRows={2}
            value={form.notes}
            onChange={(e) => set("notes", e.currentTarget.value)}
          />
          {error ? (
            <Text c="red.7" size="sm" data-testid="vendor-form-error">
              {error}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="vendor-save">
              {vendor ? "Save" : "Add vendor"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
