/**
 * Single sign-on settings of the current firm (firm admin) or organization (organization admin):
 * the OpenID Connect provider, its client credentials, the e-mail domains that may join just in
 * time and the role they receive. The client secret is write-only.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertCircle, IconKey, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { api, errorMessage, seg } from "../api";
import { roleLabel } from "../format";
import { notifySuccess } from "../notify";
import { ErrorState, TableSkeleton } from "./States";

interface SsoProvider {
  label: string;
  issuerUrl: string;
  clientId: string;
  clientSecretSet: boolean;
  allowedDomains: string[];
  defaultRole: string;
  enabled: boolean;
  updatedAt: string;
}

interface SsoSettingsResponse {
  provider: SsoProvider | null;
  jitRoles: string[];
  defaultJitRole: string;
  callbackUrl: string;
}

export function SsoSettings({ kind, tenantId }: { kind: "firm" | "org"; tenantId: string }) {
  const queryClient = useQueryClient();
  const url = `/api/${kind === "firm" ? "firms" : "organizations"}/${seg(tenantId)}/sso`;
  const key = ["sso-settings", kind, tenantId];
  const settings = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<SsoSettingsResponse>(url, signal),
  });
  const [label, setLabel] = useState("");
  const [issuerUrl, setIssuerUrl] = useState("");
  const [clientId, setClientId] = useState("");
  const [clientSecret, setClientSecret] = useState("");
  const [domains, setDomains] = useState("");
  const [defaultRole, setDefaultRole] = useState<string | null>(null);
  const [enabled, setEnabled] = useState(true);

  const data = settings.data;
  useEffect(() => {
    if (!data) return;
    const p = data.provider;
    setLabel(p?.label ?? "Company single sign-on");
    setIssuerUrl(p?.issuerUrl ?? "");
    setClientId(p?.clientId ?? "");
    setDomains(p?.allowedDomains.join(", ") ?? "");
    setDefaultRole(p?.defaultRole ?? data.defaultJitRole);
    setEnabled(p?.enabled ?? true);
    setClientSecret("");
  }, [data]);

  const save = useMutation({
    mutationFn: () =>
      api.put<SsoSettingsResponse>(url, {
        label: label.trim(),
        issuerUrl: issuerUrl.trim(),
        clientId: clientId.trim(),
        ...(clientSecret ? { clientSecret } : {}),
        allowedDomains: domains
          .split(/[\s,;]+/)
          .map((d) => d.trim())
          .filter(Boolean),
        defaultRole: defaultRole ?? "",
        enabled,
      }),
    meta: { quiet: true },
    onSuccess: (res) => {
      queryClient.setQueryData(key, res);
      notifySuccess("Single sign-on settings saved.", "Single sign-on");
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete(url),
    meta: { errorTitle: "Single sign-on not removed" },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: key });
      notifySuccess("Single sign-on removed. People sign in with their passwords.", "Single sign-on");
    },
  });

  if (settings.isPending) return <TableSkeleton rows={3} />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  const provider = settings.data.provider;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <Card padding="lg" data-testid="sso-settings">
      <form onSubmit={submit}>
        <Stack gap="md">
          <Group justify="space-between" align="flex-start">
            <div>
              <Group gap="xs">
                <Title order={3}>Single sign-on (OpenID Connect)</Title>
                <Badge variant="light" color={provider?.enabled ? "teal" : "gray"} data-testid="sso-status">
                  {provider ? (provider.enabled ? "Enabled" : "Turned off") : "Not set up"}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed" maw={640}>
                People sign in with your identity provider (Okta, Microsoft Entra ID, Google Workspace,
                Keycloak…). Existing members keep their roles; people from the allowed domains join with the
                default role. Passwords keep working, and admins still enter their authenticator code.
              </Text>
            </div>
          </Group>
          <Text size="sm">
            Register this redirect URI with your provider:{" "}
            <Code data-testid="sso-callback">{settings.data.callbackUrl}</Code>
          </Text>
          <Group grow align="flex-start">
            <TextInput
              label="Button label"
              value={label}
              onChange={(e) => setLabel(e.currentTarget.value)}
              required
              maxLength={80}
              data-testid="sso-label"
            />
            <TextInput
              label="Issuer URL"
              placeholder="https://login.example.com"
              value={issuerUrl}
              onChange={(e) => setIssuerUrl(e.currentTarget.value)}
              required
              data-testid="sso-issuer"
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput
              label="Client ID"
              value={clientId}
              onChange={(e) => setClientId(e.currentTarget.value)}
              required
              data-testid="sso-client-id"
            />
            <PasswordInput
              label="Client secret"
              placeholder={provider?.clientSecretSet ? "Stored: leave empty to keep it" : ""}
              value={clientSecret}
              onChange={(e) => setClientSecret(e.currentTarget.value)}
              required={!provider}
              leftSection={<IconKey size={14} />}
              data-testid="sso-client-secret"
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput
              label="Domains that may join"
              description="Comma-separated, e.g. paysetu.in. Leave empty to admit existing members only."
              placeholder="paysetu.in"
              value={domains}
              onChange={(e) => setDomains(e.currentTarget.value)}
              data-testid="sso-domains"
            />
            <Select
              label="Role of people who join"
              description="Privileged roles are granted by an administrator only."
              data={settings.data.jitRoles.map((r) => ({ value: r, label: roleLabel(r) }))}
              value={defaultRole}
              onChange={setDefaultRole}
              allowDeselect={false}
              data-testid="sso-default-role"
            />
          </Group>
          <Switch
            label="Enabled"
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
            data-testid="sso-enabled"
          />
          {save.isError ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="sso-error">
              {errorMessage(save.error)}
            </Alert>
          ) : null}
          <Group justify="space-between">
            {provider ? (
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} />}
                loading={remove.isPending}
                onClick={() => remove.mutate()}
                data-testid="sso-remove"
              >
                Remove single sign-on
              </Button>
            ) : (
              <span />
            )}
            <Button type="submit" loading={save.isPending} data-testid="sso-save">
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
