import { Button } from "@mantine/core";
import { IconMapOff } from "@tabler/icons-react";
import { Link } from "react-router-dom";
import { EmptyState } from "../components/States";

export function NotFoundPage() {
  return (
    <EmptyState
      icon={<IconMapOff size={22} />}
      title="This page does not exist"
      testId="not-found"
      action={
        <Button component={Link} to="/" variant="default">
          Go to the dashboard
        </Button>
      }
    >
      The link may be out of date, or the page was moved.
    </EmptyState>
  );
}
