import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertCircle, IconLock } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Navigate, useLocation, useNavigate } from "react-router-dom";
import { ApiError, api, errorMessage, setCsrfToken } from "../api";
import { Logo } from "../components/Logo";
import { MfaEnrolment } from "../components/MfaEnrolment";
import { SsoSignIn } from "../components/SsoSignIn";
import { PageLoader } from "../components/States";
import { fetchSession, SESSION_KEY, useSession } from "../session";
import type { LoginResponse, SessionState } from "../types";

type Step = "password" | "mfa" | "enrol";

const stepFor = (state: SessionState | undefined): Step =>
  state === "mfa_required" ? "mfa" : state === "mfa_enrolment_required" ? "enrol" : "password";

const errorTitle = (error: unknown): string => {
  if (error instanceof ApiError) {
    if (error.code === "LOCKED") return "Account locked";
    if (error.code === "RATE_LIMITED") return "Too many attempts";
    if (error.code === "NETWORK" || error.code === "UNAVAILABLE") return "Server not reachable";
  }
  return "Could not sign in";
};

function LoginError({ error }: { error: unknown }) {
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertCircle size={18} />}
      title={errorTitle(error)}
      data-testid="login-error"
    >
      {errorMessage(error)}
    </Alert>
  );
}

function PasswordStep({ onState }: { onState: (state: SessionState) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation({
    mutationFn: () => api.post<LoginResponse>("/api/auth/login", { email: email.trim(), password }),
    meta: { quiet: true },
    onSuccess: (res) => {
      setCsrfToken(res.csrfToken);
      onState(res.state);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  return (
    <form onSubmit={submit} data-testid="login-form">
      <Stack gap="md">
        <TextInput
          label="Email"
          type="email"
          autoComplete="username"
          placeholder="you@firm.example"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          required
          autoFocus
          data-testid="login-email"
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          required
          data-testid="login-password"
        />
        {login.isError ? <LoginError error={login.error} /> : null}
        <Button type="submit" loading={login.isPending} fullWidth data-testid="login-submit">
          Sign in
        </Button>
      </Stack>
    </form>
  );
}

function MfaStep({
  onVerified,
  onRestart,
  sessionLost,
}: {
  onVerified: () => void;
  onRestart: () => void;
  /** The half-signed-in session is gone (expired): the code cannot be checked any more. */
  sessionLost: boolean;
}) {
  const [code, setCode] = useState("");
  const verify = useMutation({
    mutationFn: () =>
      api.post<LoginResponse>("/api/auth/mfa/verify", { code: code.trim().replace(/\s+/g, "") }),
    meta: { quiet: true },
    onSuccess: (res) => {
      setCsrfToken(res.csrfToken);
      onVerified();
    },
  });
  // A wrong code is also UNAUTHENTICATED; only a lost session means starting again.
  const expired = verify.isError && sessionLost;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        verify.mutate();
      }}
      data-testid="mfa-form"
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Enter the 6-digit code from your authenticator app. Lost your device? Enter one of your recovery
          codes instead.
        </Text>
        <TextInput
          label="Authentication code"
          placeholder="123456 or a recovery code"
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          required
          autoFocus
          maxLength={32}
          data-testid="mfa-code"
        />
        {verify.isError ? <LoginError error={verify.error} /> : null}
        <Button type="submit" loading={verify.isPending} fullWidth data-testid="mfa-verify">
          Verify
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={onRestart} ta="center">
          {expired ? "Sign in again" : "Use a different account"}
        </Anchor>
      </Stack>
    </form>
  );
}

export function LoginPage() {
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/";
  const [step, setStep] = useState<Step | null>(null);
  const [finishing, setFinishing] = useState(false);

  const finish = async () => {
    setFinishing(true);
    try {
      const fresh = await queryClient.fetchQuery({
        queryKey: SESSION_KEY,
        queryFn: fetchSession,
        staleTime: 0,
      });
      if (fresh?.state === "active") navigate(from, { replace: true });
      else setStep(stepFor(fresh?.state));
    } finally {
      setFinishing(false);
    }
  };

  const restart = () => {
    void api.post("/api/auth/logout").catch(() => undefined);
    setCsrfToken(null);
    queryClient.setQueryData(SESSION_KEY, null);
    setStep("password");
  };

  if (session.isPending) return <PageLoader />;
  const current: Step = step ?? stepFor(session.data?.state);
  // Already signed in (and not in the middle of enrolment, which must show the recovery codes first).
  if (session.data?.state === "active" && step === null) return <Navigate to={from} replace />;

  const heading =
    current === "password"
      ? "Sign in to Fieldwork"
      : current === "mfa"
        ? "Two-factor authentication"
        : "Set up two-factor authentication";

  return (
    <Box
      mih="100vh"
      style={{
        background:
          "radial-gradient(1200px 600px at 10% -10%, var(--mantine-color-brand-1), transparent 60%), var(--mantine-color-gray-0)",
      }}
    >
      <Center mih="100vh" p="md">
        <Stack w="100%" maw={current === "enrol" ? 460 : 400} gap="lg">
          <Center>
            <Logo size={34} />
          </Center>
          <Paper withBorder shadow="sm" p="xl" radius="lg">
            <Stack gap="lg">
              <Stack gap={4}>
                <Title order={2}>{heading}</Title>
                {current === "enrol" ? (
                  <Text size="sm" c="dimmed">
                    Your role requires a second factor. It protects client evidence and report signing.
                  </Text>
                ) : null}
              </Stack>
              {current === "password" ? (
                <>
                  <PasswordStep
                    onState={(state) => {
                      if (state === "active") void finish();
                      else setStep(stepFor(state));
                    }}
                  />
                  <SsoSignIn />
                </>
              ) : current === "mfa" ? (
                <MfaStep
                  onVerified={() => void finish()}
                  onRestart={restart}
                  sessionLost={session.data === null}
                />
              ) : (
                <MfaEnrolment onDone={() => void finish()} />
              )}
              {finishing ? (
                <Text size="xs" c="dimmed" ta="center">
                  Signing you in…
                </Text>
              ) : null}
            </Stack>
          </Paper>
          <Text size="xs" c="dimmed" ta="center">
            <IconLock size={12} style={{ verticalAlign: "-2px" }} /> SOC 2 engagements from quote to signed
            report.
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
