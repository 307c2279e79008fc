/**
 * Leaver reconciliation: an HR roster against an identity-provider (IdP) user export, both CSV.
 * Inputs: "hr" and "idp". Column names are matched case-insensitively, ignoring spaces, punctuation and
 * bracketed notes ("Status [READ ONLY]" reads as "status"); the first matching alias wins.
 *
 * HR roster columns (a key and a leaver signal are required):
 *   employee id: Employee ID, Employee Number, Emp ID, Worker ID, Staff ID, ID
 *   email:       Email, Work Email, Email Address, Primary Email, Business Email, Mail
 *   name:        Name, Full Name, Employee Name, Display Name, or First Name + Last Name
 *   status:      Status, Employment Status, Employee Status, Worker Status
 *   leaving:     Termination Date, Term Date, Leaving Date, Leave Date, Last Day, Last Working Day,
 *                Separation Date, End Date, Exit Date, Terminated On
 * A row is a leaver when its leaving date is on or before `now`, or, without a date, when its status
 * starts with terminated, inactive, leaver, left, separated, former, resigned, retired, dismissed,
 * offboarded or exited. A future leaving date is not a leaver yet. When the same person (email or
 * employee id) also has a current row (a rehire), the leaver rows are ignored.
 *
 * IdP export columns (a key and a status are required):
 *   login:       Username (Okta), Login, User Principal Name, UPN, sAMAccountName, User
 *   email:       Email, Primary Email, Email Address (Google's "Email Address [Required]"), Mail
 *   employee id: Employee ID, Employee Number
 *   status:      Status, Account Status, User Status, State — active: Active, Enabled, Staged,
 *                Provisioned, Pending (user action), Recovery, Password Reset/Expired, Locked Out;
 *                disabled: Deprovisioned, Deactivated, Suspended, Disabled, Inactive, Blocked, Deleted,
 *                Archived. Or Account Enabled / Enabled with true/false. Any other status is an error.
 *   disabled on: Deactivated (Okta), Deactivated Date/At, Deprovisioned Date/At, Disabled Date/At,
 *                Suspended Date/At, Status Changed
 *   updated on:  Last Updated (Okta), Updated At, Last Modified, whenChanged — used as the disable date
 *                of a disabled account when no "disabled on" value exists (an approximation, flagged
 *                in the findings as disableDateSource "last-updated").
 *
 * Matching: HR email against IdP email and login (lower case), and employee id against employee id.
 * Dates: ISO 8601, YYYY/MM/DD, "10 May 2024", "May 10, 2024"; slash dates such as 03/04/2024 need the
 * parameter dateOrder ("mdy" or "dmy") unless a part above 12 makes them unambiguous.
 * Days to disable = calendar days from the leaving date to the disable date (per leaver, the latest
 * of their accounts); late when above maxDisableDays (default 1).
 */
import { invalid } from "../../core/errors.js";
import {
  type CsvRow,
  type CsvTable,
  calendarDaysBetween,
  cap,
  cell,
  controlsFor,
  decodeText,
  type Finding,
  findColumn,
  guard,
  intParam,
  isoDay,
  listedNote,
  parseCsv,
  parseDate,
  plural,
  requireInput,
  type SlashOrder,
  stringParam,
} from "./shared.js";
import type { ImportCheck, Importer, ImportOptions, ImportResult } from "./types.js";

/** Check id → library controls it supports. */
export const HR_IDP_CONTROLS = {
  "hr-idp.leavers-with-active-accounts": ["IAM-04"],
  "hr-idp.late-deprovisioning": ["IAM-04"],
  "hr-idp.days-to-disable": ["IAM-04"],
  "hr-idp.leavers-without-account": ["IAM-04"],
} as const satisfies Record<string, readonly string[]>;

export const HR_IDP_DEFAULTS = { maxDisableDays: 1 } as const;

const LABEL = "Leaver access reconciliation (HR roster vs identity provider)";
const HR = "The HR roster";
const IDP = "The IdP export";

export const HR_COLUMNS = {
  id: ["employeeid", "employeenumber", "employeeno", "empid", "workerid", "staffid", "personid", "id"],
  email: ["email", "workemail", "emailaddress", "primaryemail", "businessemail", "companyemail", "mail"],
  name: ["name", "fullname", "employeename", "displayname", "preferredname"],
  firstName: ["firstname", "givenname"],
  lastName: ["lastname", "surname", "familyname"],
  status: ["status", "employmentstatus", "employeestatus", "workerstatus", "hrstatus"],
  leaving: [
    "terminationdate",
    "termdate",
    "leavingdate",
    "leavedate",
    "dateofleaving",
    "lastday",
    "lastdayofwork",
    "lastworkingday",
    "separationdate",
    "enddate",
    "employmentenddate",
    "exitdate",
    "terminatedon",
    "terminationeffectivedate",
  ],
} as const;

export const IDP_COLUMNS = {
  login: ["username", "login", "userprincipalname", "upn", "samaccountname", "userlogin", "user"],
  email: ["email", "primaryemail", "emailaddress", "mail", "workemail"],
  id: ["employeeid", "employeenumber"],
  status: ["status", "accountstatus", "userstatus", "state"],
  enabled: ["accountenabled", "enabled"],
  disabledOn: [
    "deactivated",
    "deactivateddate",
    "deactivatedat",
    "deactivatedon",
    "deprovisioneddate",
    "deprovisionedat",
    "disableddate",
    "disabledat",
    "disabledon",
    "suspendeddate",
    "suspendedat",
    "statuschanged",
    "statuschangeddate",
  ],
  updatedOn: [
    "lastupdated",
    "lastupdatedat",
    "lastupdateddate",
    "updatedat",
    "updated",
    "lastmodified",
    "whenchanged",
  ],
} as const;

const LEAVER_STATUS =
  /^(terminated|termed|inactive|leaver|left|separated|former|resigned|retired|dismissed|offboarded|exited)/;
const ACTIVE_STATES = new Set([
  "active",
  "enabled",
  "staged",
  "provisioned",
  "pending",
  "pendinguseraction",
  "pendingactivation",
  "recovery",
  "passwordreset",
  "passwordexpired",
  "lockedout",
  "locked",
]);
const DISABLED_STATES = new Set([
  "deprovisioned",
  "deactivated",
  "suspended",
  "disabled",
  "inactive",
  "blocked",
  "deleted",
  "archived",
  "terminated",
]);

const letters = (value: string): string => value.toLowerCase().replace(/[^a-z]/g, "");

type Columns<T extends Readonly<Record<string, readonly string[]>>> = { [K in keyof T]: number | null };

const locate = <T extends Readonly<Record<string, readonly string[]>>>(
  table: CsvTable,
  aliases: T,
): Columns<T> => {
  const out: Record<string, number | null> = {};
  for (const [key, names] of Object.entries(aliases)) out[key] = findColumn(table.header, names);
  return out as Columns<T>;
};

const columnName = (table: CsvTable, index: number | null): string =>
  index === null ? "?" : JSON.stringify(table.header[index] ?? "");

interface Person {
  readonly line: number;
  readonly id: string | null;
  readonly email: string | null;
  readonly name: string | null;
  readonly status: string | null;
  readonly leaving: Date | null;
  readonly leaver: boolean;
}

interface Account {
  readonly line: number;
  readonly login: string | null;
  readonly email: string | null;
  readonly id: string | null;
  readonly status: string;
  readonly active: boolean;
  readonly disabledOn: Date | null;
  readonly updatedOn: Date | null;
}

const nonEmpty = (value: string): string | null => (value === "" ? null : value);
const isBlank = (row: CsvRow): boolean => row.values.every((v) => v.trim() === "");

const readRoster = (table: CsvTable, asOf: Date, order: SlashOrder | undefined): Person[] => {
  const c = locate(table, HR_COLUMNS);
  if (c.id === null && c.email === null) {
    throw invalid(`${HR}, line 1: no employee id or email column (found: ${table.header.join(", ")}).`, {
      line: 1,
    });
  }
  if (c.status === null && c.leaving === null) {
    throw invalid(
      `${HR}, line 1: no status or termination/leaving date column (found: ${table.header.join(", ")}).`,
      { line: 1 },
    );
  }
  const today = Math.floor(asOf.getTime() / 86_400_000);
  const people: Person[] = [];
  for (const row of table.rows) {
    if (isBlank(row)) continue;
    const id = nonEmpty(cell(row, c.id));
    const email = nonEmpty(cell(row, c.email).toLowerCase());
    if (id === null && email === null) {
      throw invalid(`${HR}, line ${row.line}: no employee id or email.`, { line: row.line });
    }
    const status = nonEmpty(cell(row, c.status));
    const leaving = parseDate(
      cell(row, c.leaving),
      `${HR}, line ${row.line}, column ${columnName(table, c.leaving)}`,
      order,
    );
    const full =
      nonEmpty(cell(row, c.name)) ?? nonEmpty(`${cell(row, c.firstName)} ${cell(row, c.lastName)}`.trim());
    const leaver =
      leaving !== null
        ? Math.floor(leaving.getTime() / 86_400_000) <= today
        : status !== null && LEAVER_STATUS.test(letters(status));
    people.push({ line: row.line, id, email, name: full, status, leaving, leaver });
  }
  return people;
};

const readAccounts = (table: CsvTable, order: SlashOrder | undefined): Account[] => {
  const c = locate(table, IDP_COLUMNS);
  if (c.login === null && c.email === null && c.id === null) {
    throw invalid(
      `${IDP}, line 1: no username, email or employee id column (found: ${table.header.join(", ")}).`,
      { line: 1 },
    );
  }
  if (c.status === null && c.enabled === null) {
    throw invalid(
      `${IDP}, line 1: no status or account-enabled column (found: ${table.header.join(", ")}).`,
      {
        line: 1,
      },
    );
  }
  const accounts: Account[] = [];
  for (const row of table.rows) {
    if (isBlank(row)) continue;
    const login = nonEmpty(cell(row, c.login).toLowerCase());
    const email = nonEmpty(cell(row, c.email).toLowerCase());
    const id = nonEmpty(cell(row, c.id));
    if (login === null && email === null && id === null) {
      throw invalid(`${IDP}, line ${row.line}: no username, email or employee id.`, { line: row.line });
    }
    const statusText = cell(row, c.status);
    const enabledText = letters(cell(row, c.enabled));
    let active: boolean;
    let status: string;
    if (statusText !== "") {
      const s = letters(statusText);
      if (ACTIVE_STATES.has(s)) active = true;
      else if (DISABLED_STATES.has(s)) active = false;
      else {
        throw invalid(
          `${IDP}, line ${row.line}, column ${columnName(table, c.status)}: unknown account status "${statusText.slice(0, 40)}" (expected e.g. Active, Suspended, Deprovisioned, Deactivated).`,
          { line: row.line },
        );
      }
      status = statusText;
    } else if (["true", "yes", "false", "no"].includes(enabledText)) {
      active = enabledText === "true" || enabledText === "yes";
      status = active ? "enabled" : "disabled";
    } else {
      const column = c.status ?? c.enabled;
      throw invalid(
        `${IDP}, line ${row.line}, column ${columnName(table, column)}: no account status${enabledText === "" ? "" : ` ("${cell(row, c.enabled).slice(0, 40)}" is not true or false)`}.`,
        { line: row.line },
      );
    }
    const where = (index: number | null): string =>
      `${IDP}, line ${row.line}, column ${columnName(table, index)}`;
    accounts.push({
      line: row.line,
      login,
      email,
      id,
      status,
      active,
      disabledOn: parseDate(cell(row, c.disabledOn), where(c.disabledOn), order),
      updatedOn: parseDate(cell(row, c.updatedOn), where(c.updatedOn), order),
    });
  }
  return accounts;
};

const keysOfPerson = (p: Person): string[] => [
  ...(p.email === null ? [] : [`mail:${p.email}`]),
  ...(p.id === null ? [] : [`id:${p.id.toLowerCase()}`]),
];

const keysOfAccount = (a: Account): string[] => [
  ...(a.email === null ? [] : [`mail:${a.email}`]),
  ...(a.login === null ? [] : [`mail:${a.login}`]),
  ...(a.id === null ? [] : [`id:${a.id.toLowerCase()}`]),
];

const BUCKETS = [
  { label: "on or before the leaving day", max: 0 },
  { label: "1 day", max: 1 },
  { label: "2-7 days", max: 7 },
  { label: "8-30 days", max: 30 },
  { label: "over 30 days", max: Number.POSITIVE_INFINITY },
] as const;

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

export const parseHrIdp = (inputs: Readonly<Record<string, Buffer>>, options: ImportOptions): ImportResult =>
  guard(LABEL, () => {
    const maxDisableDays = intParam(options, "maxDisableDays", HR_IDP_DEFAULTS.maxDisableDays, LABEL);
    const order = stringParam(options, "dateOrder", ["mdy", "dmy"] as const, LABEL);
    const hrTable = parseCsv(decodeText(requireInput(inputs, "hr", LABEL), HR), HR);
    const idpTable = parseCsv(decodeText(requireInput(inputs, "idp", LABEL), IDP), IDP);
    const people = readRoster(hrTable, options.now, order);
    const accounts = readAccounts(idpTable, order);

    const hrHasEmail = people.some((p) => p.email !== null);
    const idpHasId = accounts.some((a) => a.id !== null);
    const hrHasId = people.some((p) => p.id !== null);
    if (people.length > 0 && accounts.length > 0 && !hrHasEmail && !(hrHasId && idpHasId)) {
      throw invalid(
        `${LABEL}: cannot match people to accounts: the HR roster has no emails and the IdP export has no employee ids.`,
      );
    }

    const byKey = new Map<string, Account[]>();
    for (const account of accounts) {
      for (const key of keysOfAccount(account)) {
        const list = byKey.get(key) ?? [];
        if (!list.includes(account)) list.push(account);
        byKey.set(key, list);
      }
    }
    const current = new Set(people.filter((p) => !p.leaver).flatMap(keysOfPerson));
    const allLeavers = people.filter((p) => p.leaver);
    const leavers = allLeavers.filter((p) => !keysOfPerson(p).some((k) => current.has(k)));
    const rehired = allLeavers.length - leavers.length;

    const stillActive: Finding[] = [];
    const late: (Finding & { daysToDisable: number })[] = [];
    const unknown: Finding[] = [];
    const withoutAccount: Finding[] = [];
    const days: number[] = [];
    for (const person of leavers) {
      const matched = [...new Set(keysOfPerson(person).flatMap((k) => byKey.get(k) ?? []))];
      const who: Finding = {
        employeeId: person.id,
        email: person.email,
        name: person.name,
        leavingDate: person.leaving === null ? null : isoDay(person.leaving),
        hrLine: person.line,
      };
      if (matched.length === 0) {
        withoutAccount.push(who);
        continue;
      }
      const logins = matched.map((a) => a.login ?? a.email ?? a.id ?? `line ${a.line}`).join(", ");
      const active = matched.filter((a) => a.active);
      if (active.length > 0) {
        stillActive.push({
          ...who,
          accounts: active.map((a) => a.login ?? a.email ?? a.id ?? `line ${a.line}`).join(", "),
          idpStatus: active.map((a) => a.status).join(", "),
          daysSinceLeaving: person.leaving === null ? null : calendarDaysBetween(person.leaving, options.now),
        });
        continue;
      }
      const disabled = matched.map((a) => ({
        on: a.disabledOn ?? a.updatedOn,
        source: a.disabledOn !== null ? "deactivated" : "last-updated",
      }));
      if (person.leaving === null || disabled.some((d) => d.on === null)) {
        unknown.push({
          ...who,
          accounts: logins,
          reason:
            person.leaving === null
              ? "no leaving date in the HR roster"
              : "no deactivation or last-updated date",
        });
        continue;
      }
      const leaving = person.leaving;
      const perAccount = disabled.map((d) => calendarDaysBetween(leaving, d.on as Date));
      const worst = perAccount.reduce((a, b) => Math.max(a, b));
      const latest = disabled[perAccount.indexOf(worst)];
      days.push(worst);
      if (worst > maxDisableDays) {
        late.push({
          ...who,
          accounts: logins,
          disabledOn: latest?.on ? isoDay(latest.on) : null,
          disableDateSource: latest?.source ?? null,
          daysToDisable: worst,
        });
      }
    }
    late.sort((a, b) => b.daysToDisable - a.daysToDisable);
    const sorted = [...days].sort((a, b) => a - b);
    const bucketCounts = BUCKETS.map((b, i) => ({
      bucket: b.label,
      leavers: sorted.filter((d) => d <= b.max && (i === 0 || d > (BUCKETS[i - 1]?.max ?? 0))).length,
    }));

    const checks: ImportCheck[] = [
      {
        id: "hr-idp.leavers-with-active-accounts",
        title: "Leavers have no active account",
        status: stillActive.length > 0 ? "fail" : "pass",
        message:
          stillActive.length > 0
            ? `${stillActive.length} of ${plural(leavers.length, "leaver")} still ${stillActive.length === 1 ? "has" : "have"} an active account in the identity provider${listedNote(stillActive.length)}.`
            : leavers.length === 0
              ? "The HR roster lists no leavers."
              : `None of the ${plural(leavers.length, "leaver")} has an active account.`,
        findings: cap(stillActive),
      },
      {
        id: "hr-idp.late-deprovisioning",
        title: `Leavers disabled within ${plural(maxDisableDays, "day")} of leaving`,
        status: late.length > 0 ? "fail" : unknown.length > 0 ? "warn" : "pass",
        message:
          late.length > 0
            ? `${late.length} of ${plural(days.length + unknown.length, "disabled leaver")} ${late.length === 1 ? "was" : "were"} disabled more than ${plural(maxDisableDays, "day")} after leaving${listedNote(late.length)}.`
            : unknown.length > 0
              ? `${plural(unknown.length, "disabled leaver")} cannot be timed (no leaving date or no deactivation date); the others were disabled in time.`
              : days.length === 0
                ? "No disabled leaver account to time."
                : `All ${plural(days.length, "disabled leaver")} were disabled within ${plural(maxDisableDays, "day")}.`,
        findings: cap([...late, ...unknown]),
      },
      {
        id: "hr-idp.days-to-disable",
        title: "Days from leaving to account disabled",
        status: "pass",
        message:
          sorted.length === 0
            ? "No leaver with both a leaving date and a disable date."
            : `Days to disable over ${plural(sorted.length, "leaver")}: median ${percentile(sorted, 50)}, 90th percentile ${percentile(sorted, 90)}, max ${sorted[sorted.length - 1]}; ${bucketCounts.map((b) => `${b.bucket}: ${b.leavers}`).join(", ")}${unknown.length > 0 ? `; ${unknown.length} unknown` : ""}.`,
        findings: [...bucketCounts, { bucket: "unknown", leavers: unknown.length }],
      },
      {
        id: "hr-idp.leavers-without-account",
        title: "Leavers found in the identity provider",
        status: withoutAccount.length > 0 ? "warn" : "pass",
        message:
          withoutAccount.length > 0
            ? `${withoutAccount.length} of ${plural(leavers.length, "leaver")} ${withoutAccount.length === 1 ? "has" : "have"} no account in the export: deleted, or under another email? Confirm${listedNote(withoutAccount.length)}.`
            : "Every leaver was found in the identity provider export.",
        findings: cap(withoutAccount),
      },
    ];

    const leavingTimes = leavers.flatMap((p) => (p.leaving === null ? [] : [p.leaving.getTime()]));
    const stats: Record<string, number> = {
      hrRows: people.length,
      leavers: leavers.length,
      futureLeavers: people.filter((p) => !p.leaver && p.leaving !== null).length,
      rehired,
      idpAccounts: accounts.length,
      idpActiveAccounts: accounts.filter((a) => a.active).length,
      leaversWithActiveAccount: stillActive.length,
      leaversDisabledOnTime: days.length - late.length,
      leaversDisabledLate: late.length,
      leaversDisableDateUnknown: unknown.length,
      leaversWithoutAccount: withoutAccount.length,
    };
    if (sorted.length > 0) {
      stats.daysToDisableMedian = percentile(sorted, 50);
      stats.daysToDisableMax = sorted[sorted.length - 1] ?? 0;
    }
    return {
      importer: "hr-idp",
      title: `Leaver access reconciliation (${plural(leavers.length, "leaver")}, ${plural(accounts.length, "IdP account")})`,
      effectiveDate: isoDay(options.now),
      periodStart:
        leavingTimes.length === 0 ? null : isoDay(new Date(leavingTimes.reduce((a, b) => Math.min(a, b)))),
      periodEnd:
        leavingTimes.length === 0 ? null : isoDay(new Date(leavingTimes.reduce((a, b) => Math.max(a, b)))),
      checks,
      controlIds: controlsFor(HR_IDP_CONTROLS, checks),
      stats,
    };
  });

export const hrIdpImporter: Importer = {
  id: "hr-idp",
  label: LABEL,
  accepts:
    "Two CSV files: the HR roster (employee id or email, name, status, termination date) and the identity provider's user export (Okta: Username, Status, Last Updated / Deactivated; or a generic layout).",
  inputs: ["hr", "idp"],
  parse: parseHrIdp,
};
