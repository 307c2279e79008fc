/**
 * The e-mail that carries an approved download link to the requester (who has no account, so this
 * is not a notification). Sent after the approval committed and only with SMTP configured; a failed
 * delivery never undoes the approval: the link is still shown on the requester's page and in the
 * organization's queue.
 */
import type { Deps } from "../deps.js";

export interface AccessLinkMail {
  readonly to: string;
  readonly name: string;
  readonly organization: string;
  readonly reportTitle: string;
  /** Path of the download, e.g. /api/public/trust/downloads/…; made absolute with the public URL. */
  readonly path: string;
  readonly expiresAt: string;
  readonly allowListed: boolean;
}

export const publicBaseUrl = (deps: Pick<Deps, "config">): string =>
  (deps.config.publicUrl ?? `http://${deps.config.host}:${deps.config.port}`).replace(/\/+$/, "");

export const accessLinkText = (deps: Pick<Deps, "config">, mail: AccessLinkMail): string =>
  [
    `Hello ${mail.name},`,
    "",
    mail.allowListed
      ? `${mail.organization} shares its ${mail.reportTitle} with your company's domain without review, so your request was approved at once.`
      : `${mail.organization} approved your request for its ${mail.reportTitle}.`,
    "",
    `Download your copy: ${publicBaseUrl(deps)}${mail.path}`,
    "",
    `The link works until ${mail.expiresAt.slice(0, 16).replace("T", " ")} UTC.`,
    "Each copy is marked with your name, e-mail address and a unique id, and every download is recorded.",
    "You accepted non-disclosure terms with your request: keep the report confidential.",
    "",
    "If you did not ask for this report, ignore this message.",
    "",
  ].join("\n");

/** True when the message was handed to the SMTP server; false when mail is off or delivery failed. */
export const emailAccessLink = async (deps: Deps, mail: AccessLinkMail): Promise<boolean> => {
  if (!deps.mailer.enabled) return false;
  try {
    await deps.mailer.send({
      to: mail.to,
      subject: `[Fieldwork] Your download link: ${mail.organization} ${mail.reportTitle}`,
      text: accessLinkText(deps, mail),
    });
    return true;
  } catch {
    return false;
  }
};
