/**
 * Exceptions with management's remediation as an OSCAL plan of action and milestones: one risk per
 * exception (its remediation as the response, the remediation date as the deadline) and one POA&M item
 * pointing at it. With no exceptions the plan says so in a single item, because OSCAL requires one.
 */
import {
  type DocumentInfo,
  dateTime,
  line,
  metadataOf,
  nonEmpty,
  prop,
  props,
  prune,
  text,
  uuidsFor,
} from "./common.js";

export interface PoamException {
  readonly exceptionId: string;
  readonly ref: string;
  readonly controlCode: string;
  readonly controlTitle: string;
  readonly criteria: readonly string[];
  readonly description: string;
  readonly cause: string;
  readonly classification: string;
  /** open | responded | accepted | asked-again */
  readonly status: string;
  /** Management's latest response, if any. */
  readonly response: {
    readonly response: string;
    readonly remediation: string;
    readonly remediationDate: string | null;
    readonly decision: string | null;
    readonly respondedAt: string;
  } | null;
}

export interface PoamInput {
  readonly document: DocumentInfo;
  readonly sspHref: string;
  readonly systemKey: string;
  /** Date of the export (YYYY-MM-DD): a remediation date before it counts as done. */
  readonly asOf: string;
  readonly exceptions: readonly PoamException[];
}

const riskStatus = (x: PoamException, asOf: string): string => {
  if (!x.response) return "open";
  const date = x.response.remediationDate;
  if (x.response.decision === "accepted" && date && date <= asOf) return "closed";
  return x.response.remediation.trim() ? "remediating" : "investigating";
};

export const buildPoam = (input: PoamInput) => {
  const uuid = uuidsFor(`fieldwork/poam/${input.systemKey}`);
  const risks = input.exceptions.map((x) => {
    const r = x.response;
    const status = riskStatus(x, input.asOf);
    return {
      uuid: uuid("risk", x.exceptionId),
      title: line(`${x.ref}: ${x.controlCode} ${x.controlTitle}`, x.ref),
      description: text(x.description, "Deviation found in testing."),
      statement: text(x.cause, "The cause has not been recorded yet."),
      props: props(
        { name: "label", value: line(x.ref, "exception") },
        prop("classification", x.classification),
        prop("criteria", x.criteria.join(" ")),
      ),
      status,
      deadline: r?.remediationDate ? dateTime(r.remediationDate) : undefined,
      remediations:
        r && (r.response.trim() || r.remediation.trim())
          ? [
              {
                uuid: uuid("response", x.exceptionId),
                lifecycle: status === "closed" ? "completed" : "planned",
                title: line(`Management's response to ${x.ref}`, x.ref),
                description: text(
                  [r.response.trim(), r.remediation.trim()].filter(Boolean).join("\n\n"),
                  "Response recorded.",
                ),
                props: props(prop("auditor-decision", r.decision)),
              },
            ]
          : undefined,
    };
  });
  const items =
    input.exceptions.length === 0
      ? [
          {
            uuid: uuid("item", "none"),
            title: "No exceptions to remediate",
            description: `Testing had recorded no exception needing remediation as of ${input.asOf}.`,
          },
        ]
      : input.exceptions.map((x) => ({
          uuid: uuid("item", x.exceptionId),
          title: line(`Remediate ${x.ref} (${x.controlCode})`, x.ref),
          description: text(x.response?.remediation, text(x.description, "Deviation found in testing.")),
          props: props(
            { name: "label", value: line(x.ref, "exception") },
            prop("exception-status", x.status),
          ),
          "related-risks": [{ "risk-uuid": uuid("risk", x.exceptionId) }],
        }));
  return prune({
    "plan-of-action-and-milestones": {
      uuid: uuid("poam"),
      metadata: metadataOf(input.document, uuid),
      "import-ssp": { href: input.sspHref },
      "system-id": { "identifier-type": "https://fieldwork.dev/ns/oscal/engagement", id: input.systemKey },
      risks: nonEmpty(risks),
      "poam-items": items,
    },
  });
};
