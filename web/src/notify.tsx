import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCheck } from "@tabler/icons-react";
import { errorMessage } from "./api";

export const notifySuccess = (message: string, title?: string): void => {
  notifications.show({
    color: "teal",
    title,
    message,
    icon: <IconCheck size={18} />,
    autoClose: 4000,
  });
};

export const notifyError = (error: unknown, title = "That did not work"): void => {
  notifications.show({
    color: "red",
    title,
    message: errorMessage(error),
    icon: <IconAlertTriangle size={18} />,
    autoClose: 9000,
  });
};

/** Something worked but needs attention (e.g. an import whose checks failed). */
export const notifyWarning = (message: string, title?: string): void => {
  notifications.show({
    color: "red",
    title,
    message,
    icon: <IconAlertTriangle size={18} />,
    autoClose: 9000,
  });
};
