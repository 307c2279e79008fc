import { Alert, Button, Center, Group, Loader, Paper, Skeleton, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconAlertCircle, IconInbox, IconRefresh } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { ApiError, errorMessage } from "../api";

export function EmptyState({
  icon,
  title,
  children,
  action,
  testId,
}: {
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <Paper
      withBorder
      p="xl"
      radius="md"
      data-testid={testId ?? "empty-state"}
      bg="var(--mantine-color-gray-0)"
    >
      <Stack align="center" gap="xs" py="md">
        <ThemeIcon variant="light" color="gray" size={44} radius="xl">
          {icon ?? <IconInbox size={22} />}
        </ThemeIcon>
        <Text fw={600}>{title}</Text>
        {children ? (
          <Text c="dimmed" size="sm" ta="center" maw={520}>
            {children}
          </Text>
        ) : null}
        {action ? <Group mt="xs">{action}</Group> : null}
      </Stack>
    </Paper>
  );
}

const titleFor = (error: unknown): string => {
  if (error instanceof ApiError) {
    switch (error.code) {
      case "NOT_FOUND":
        return "Not found";
      case "FORBIDDEN":
        return "You do not have access to this";
      case "NETWORK":
      case "UNAVAILABLE":
        return "Server not reachable";
      default:
        return "Could not load this";
    }
  }
  return "Could not load this";
};

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertCircle size={18} />}
      title={titleFor(error)}
      data-testid="error-state"
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry ? (
          <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={onRetry}>
            Try again
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

export function PageLoader() {
  return (
    <Center h="60vh" data-testid="page-loader">
      <Loader size="md" />
    </Center>
  );
}

export function TableSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <Stack gap={8} data-testid="skeleton">
      <Skeleton height={14} width="35%" radius="sm" />
      {Array.from({ length: rows }, (_, i) => `row-${i}`).map((key) => (
        <Skeleton key={key} height={34} radius="sm" />
      ))}
    </Stack>
  );
}

export function CardsSkeleton({ count = 3, height = 96 }: { count?: number; height?: number }) {
  return (
    <Group grow gap="md" data-testid="skeleton">
      {Array.from({ length: count }, (_, i) => `card-${i}`).map((key) => (
        <Skeleton key={key} height={height} radius="md" />
      ))}
    </Group>
  );
}
