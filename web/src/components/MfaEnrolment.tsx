import {
  ActionIcon,
  Alert,
  Button,
  Center,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Image,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconAlertCircle, IconCheck, IconCopy, IconShieldLock } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { api, errorMessage, setCsrfToken } from "../api";
import type { EnrolConfirmResponse, EnrolResponse } from "../types";

/** Renders the server's QR SVG as an image, so its markup never enters the page's DOM. */
const svgDataUri = (svg: string): string => `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;

const groupSecret = (secret: string): string => secret.replace(/(.{4})/g, "$1 ").trim();

export function RecoveryCodes({ codes, onContinue }: { codes: readonly string[]; onContinue: () => void }) {
  const [saved, setSaved] = useState(false);
  return (
    <Stack gap="md" data-testid="recovery-step">
      <Alert
        color="yellow"
        variant="light"
        icon={<IconShieldLock size={18} />}
        title="Save your recovery codes"
      >
        Each code signs you in once if you lose your authenticator. They are shown only now; store them in
        your password manager or print them.
      </Alert>
      <Paper withBorder p="md" radius="md" bg="var(--mantine-color-gray-0)">
        <SimpleGrid cols={2} spacing="xs" data-testid="recovery-codes">
          {codes.map((code) => (
            <Code key={code} fz="sm" ta="center" py={4} data-testid="recovery-code">
              {code}
            </Code>
          ))}
        </SimpleGrid>
        <Group justify="flex-end" mt="sm">
          <CopyButton value={codes.join("\n")}>
            {({ copied, copy }) => (
              <Button
                size="xs"
                variant="default"
                leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                onClick={copy}
              >
                {copied ? "Copied" : "Copy all codes"}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Paper>
      <Checkbox
        label="I have saved these codes"
        checked={saved}
        onChange={(e) => setSaved(e.currentTarget.checked)}
        data-testid="codes-saved"
      />
      <Button onClick={onContinue} disabled={!saved} data-testid="mfa-continue">
        Continue
      </Button>
    </Stack>
  );
}

/**
 * Enrols an authenticator: fetches a pending secret, shows it as a QR code and as text, confirms
 * it with a code, then shows the recovery codes once.
 */
export function MfaEnrolment({ onDone }: { onDone: () => void }) {
  const started = useRef(false);
  const [code, setCode] = useState("");
  const [codes, setCodes] = useState<string[] | null>(null);

  const enrol = useMutation({
    mutationFn: () => api.post<EnrolResponse>("/api/auth/mfa/enrol"),
    meta: { quiet: true },
  });
  const confirm = useMutation({
    mutationFn: (c: string) => api.post<EnrolConfirmResponse>("/api/auth/mfa/enrol/confirm", { code: c }),
    meta: { quiet: true },
    onSuccess: (res) => {
      setCsrfToken(res.csrfToken);
      setCodes(res.recoveryCodes ?? []);
    },
  });

  const { mutate: startEnrol } = enrol;
  useEffect(() => {
    // Once per mount: a second call would replace the pending secret the user is scanning.
    if (started.current) return;
    started.current = true;
    startEnrol();
  }, [startEnrol]);

  if (codes) return <RecoveryCodes codes={codes} onContinue={onDone} />;

  if (enrol.isPending || enrol.isIdle) {
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  }
  if (enrol.isError || !enrol.data) {
    return (
      <Alert
        color="red"
        variant="light"
        icon={<IconAlertCircle size={18} />}
        title="Could not start MFA set-up"
        data-testid="mfa-error"
      >
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{errorMessage(enrol.error)}</Text>
          <Button size="xs" variant="default" onClick={() => enrol.mutate()}>
            Try again
          </Button>
        </Stack>
      </Alert>
    );
  }

  const { qrSvg, secret } = enrol.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.trim() !== "") confirm.mutate(code.replace(/\s+/g, ""));
  };

  return (
    <form onSubmit={submit} data-testid="mfa-enrol">
      <Stack gap="md">
        <Text size="sm">
          Scan this QR code with an authenticator app (1Password, Google Authenticator, Authy, …), then enter
          the 6-digit code it shows.
        </Text>
        <Center>
          <Paper withBorder p="sm" radius="md" bg="white">
            <Image
              src={svgDataUri(qrSvg)}
              alt="QR code for your authenticator app"
              w={184}
              h={184}
              data-testid="mfa-qr"
            />
          </Paper>
        </Center>
        <Stack gap={4}>
          <Text size="xs" c="dimmed">
            Can't scan it? Enter this secret manually:
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Code
              fz="sm"
              style={{ flex: 1, wordBreak: "break-all" }}
              data-testid="mfa-secret"
              data-secret={secret}
            >
              {groupSecret(secret)}
            </Code>
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? "Copied" : "Copy secret"}>
                  <ActionIcon variant="default" onClick={copy} aria-label="Copy secret">
                    {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        </Stack>
        <TextInput
          label="Authentication code"
          placeholder="123456"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          maxLength={12}
          required
          data-testid="mfa-code"
        />
        {confirm.isError ? (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="mfa-error">
            {errorMessage(confirm.error)}
          </Alert>
        ) : null}
        <Button type="submit" loading={confirm.isPending} data-testid="mfa-confirm">
          Confirm
        </Button>
      </Stack>
    </form>
  );
}
