/**
 * "Sign in with SSO" on the sign-in page: the work e-mail finds the firm's or organization's identity
 * provider by its domain, then the browser goes to the provider. Errors the callback sends back
 * (`?sso_error=`) are shown here.
 */
import { Alert, Button, Divider, Stack, Text, TextInput } from "@mantine/core";
import { IconAlertCircle, IconBuildingSkyscraper } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { api, errorMessage, withQuery } from "../api";

interface SsoChoice {
  tenant: string;
  tenantName: string;
  label: string;
}

export function SsoSignIn() {
  const [params] = useSearchParams();
  const returned = params.get("sso_error");
  const [open, setOpen] = useState(returned !== null);
  const [email, setEmail] = useState("");
  const find = useMutation({
    mutationFn: () =>
      api.get<{ providers: SsoChoice[] }>(withQuery("/api/auth/sso/providers", { email: email.trim() })),
    meta: { quiet: true },
    onSuccess: (res) => {
      const [choice] = res.providers;
      if (choice) {
        window.location.assign(
          withQuery("/api/auth/sso/start", { tenant: choice.tenant, email: email.trim() }),
        );
      }
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    find.mutate();
  };
  const notSetUp = find.isSuccess && find.data.providers.length === 0;
  return (
    <Stack gap="sm" data-testid="sso-signin">
      <Divider label="or" labelPosition="center" />
      {returned ? (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertCircle size={18} />}
          title="Single sign-on failed"
          data-testid="sso-signin-error"
        >
          {returned}
        </Alert>
      ) : null}
      {open ? (
        <form onSubmit={submit}>
          <Stack gap="sm">
            <TextInput
              label="Work e-mail"
              type="email"
              placeholder="you@company.example"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              required
              data-testid="sso-email"
            />
            {notSetUp ? (
              <Text size="sm" c="dimmed" data-testid="sso-not-set-up">
                Single sign-on is not set up for this domain. Sign in with your password above.
              </Text>
            ) : null}
            {find.isError ? (
              <Text size="sm" c="red">
                {errorMessage(find.error)}
              </Text>
            ) : null}
            <Button
              type="submit"
              variant="light"
              loading={find.isPending || (find.isSuccess && !notSetUp)}
              fullWidth
              data-testid="sso-continue"
            >
              Continue with single sign-on
            </Button>
          </Stack>
        </form>
      ) : (
        <Button
          variant="default"
          leftSection={<IconBuildingSkyscraper size={16} />}
          onClick={() => setOpen(true)}
          fullWidth
          data-testid="sso-open"
        >
          Use single sign-on (SSO)
        </Button>
      )}
    </Stack>
  );
}
