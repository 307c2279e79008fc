import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { IconBell, IconBellOff } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { api, seg } from "../api";
import { formatRelative } from "../format";
import type { AppNotification } from "../types";

const KEY = ["notifications"] as const;

export function NotificationsBell() {
  const [opened, setOpened] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) =>
      api.get<{ notifications: AppNotification[]; unread: number }>("/api/notifications", signal),
    refetchInterval: 60_000,
  });
  const markRead = useMutation({
    mutationFn: (id: string) => api.post(`/api/notifications/${seg(id)}/read`),
    meta: { errorTitle: "Could not mark the notification as read" },
    onSettled: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
  const markAll = useMutation({
    mutationFn: async (ids: string[]) => {
      for (const id of ids) await api.post(`/api/notifications/${seg(id)}/read`);
    },
    meta: { errorTitle: "Could not mark the notifications as read" },
    onSettled: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });

  const items = query.data?.notifications ?? [];
  const unread = query.data?.unread ?? items.filter((n) => !n.readAt).length;

  const open = (n: AppNotification) => {
    if (!n.readAt) markRead.mutate(n.id);
    if (n.link) {
      setOpened(false);
      if (/^https?:\/\//.test(n.link)) window.location.assign(n.link);
      else navigate(n.link);
    }
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} shadow="md" withArrow>
      <Popover.Target>
        <Indicator
          label={unread > 99 ? "99+" : unread}
          size={16}
          offset={5}
          disabled={unread === 0}
          color="red"
          data-testid="notifications-unread"
          data-count={unread}
        >
          <Tooltip label="Notifications" disabled={opened}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={`Notifications${unread > 0 ? ` (${unread} unread)` : ""}`}
              onClick={() => setOpened((o) => !o)}
              data-testid="notifications-bell"
            >
              <IconBell size={20} />
            </ActionIcon>
          </Tooltip>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} data-testid="notifications-panel">
        <Group justify="space-between" px="md" py="sm">
          <Group gap={6}>
            <Text fw={600} size="sm">
              Notifications
            </Text>
            {unread > 0 ? (
              <Badge size="xs" color="red" variant="light">
                {unread} unread
              </Badge>
            ) : null}
          </Group>
          {unread > 0 ? (
            <Button
              size="compact-xs"
              variant="subtle"
              loading={markAll.isPending}
              onClick={() => markAll.mutate(items.filter((n) => !n.readAt).map((n) => n.id))}
            >
              Mark all read
            </Button>
          ) : null}
        </Group>
        <Divider />
        {items.length === 0 ? (
          <Stack align="center" gap={4} py="lg">
            <IconBellOff size={22} color="var(--mantine-color-dimmed)" />
            <Text size="sm" c="dimmed">
              {query.isError ? "Notifications could not be loaded." : "You're all caught up."}
            </Text>
          </Stack>
        ) : (
          <ScrollArea.Autosize mah={420}>
            {items.map((n) => (
              <UnstyledButton
                key={n.id}
                onClick={() => open(n)}
                w="100%"
                px="md"
                py="sm"
                data-testid="notification"
                data-read={n.readAt ? "true" : "false"}
                style={{
                  borderBottom: "1px solid var(--mantine-color-gray-2)",
                  background: n.readAt ? undefined : "var(--mantine-color-brand-0)",
                }}
              >
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Box
                    mt={6}
                    w={8}
                    h={8}
                    style={{
                      borderRadius: 8,
                      flexShrink: 0,
                      background: n.readAt ? "transparent" : "var(--mantine-color-brand-6)",
                    }}
                  />
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={n.readAt ? 400 : 600}>
                      {n.title}
                    </Text>
                    {n.body ? (
                      <Text size="xs" c="dimmed" lineClamp={3}>
                        {n.body}
                      </Text>
                    ) : null}
                    <Text size="xs" c="dimmed">
                      {formatRelative(n.createdAt)}
                    </Text>
                  </Stack>
                </Group>
              </UnstyledButton>
            ))}
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
