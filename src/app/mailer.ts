/** E-mail through a configured SMTP server (nodemailer). Without FIELDWORK_SMTP_URL mail is not sent. */
import nodemailer from "nodemailer";
import type { Config } from "./config.js";

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface Mailer {
  readonly enabled: boolean;
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

export const createMailer = (config: Pick<Config, "smtpUrl" | "mailFrom">): Mailer => {
  if (!config.smtpUrl) {
    return { enabled: false, send: async () => undefined, close: async () => undefined };
  }
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    enabled: true,
    send: async (mail) => {
      await transport.sendMail({
        from: config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
      });
    },
    close: async () => transport.close(),
  };
};
