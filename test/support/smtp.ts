/**
 * A real SMTP server (the smtp-server package) on a free local port, for tests that check the
 * e-mail Fieldwork sends. It accepts every message without authentication or TLS and keeps it.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  readonly from: string | null;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly raw: string;
}

export interface TestSmtpServer {
  /** For `createTestApp(target, { smtpUrl })`. */
  readonly url: string;
  readonly messages: ReceivedMail[];
  /** Resolves once `predicate` holds for the received messages (polling), or rejects after `timeoutMs`. */
  waitFor(predicate: (messages: readonly ReceivedMail[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const header = (raw: string, name: string): string => {
  const head = (raw.split(/\r?\n\r?\n/)[0] ?? "").replace(/\r?\n[ \t]+/g, " ");
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, "im").exec(head);
  return match?.[1]?.trim() ?? "";
};

/** The body of a single-part message, decoded from quoted-printable or base64. */
const bodyOf = (raw: string): string => {
  const index = raw.search(/\r?\n\r?\n/);
  const body = index === -1 ? "" : raw.slice(index).trim();
  const encoding = header(raw, "Content-Transfer-Encoding").toLowerCase();
  if (encoding === "base64") return Buffer.from(body, "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = body
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
};

export const startSmtpServer = async (): Promise<TestSmtpServer> => {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const from = session.envelope.mailFrom;
        messages.push({
          from: from ? from.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: header(raw, "Subject"),
          text: bodyOf(raw),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    messages,
    waitFor: async (predicate, timeoutMs = 5_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        if (Date.now() > deadline) throw new Error(`no matching e-mail within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
