/**
 * Account lists for access reviews, read from the exports the readiness importers also read (their
 * CSV, JSON and text helpers are reused): the AWS IAM credential report (CSV or the CLI's JSON with
 * base64 Content), GitHub organization members (the REST API's JSON), an Okta user export (CSV), and
 * a generic CSV (account, name, email, entitlements, manager email). Each is a pure function from
 * text to accounts; every problem names the line or JSON path.
 */
import { invalid } from "../../core/errors.js";
import {
  type CsvRow,
  cell,
  decodeText,
  findColumn,
  guard,
  isObject,
  type JsonObject,
  parseCsv,
  parseJson,
} from "../../evidence/importers/shared.js";

export const ACCOUNT_FORMATS = ["aws-credential-report", "github-members", "okta-users", "csv"] as const;
export type AccountFormat = (typeof ACCOUNT_FORMATS)[number];

export const ACCOUNT_FORMAT_LABELS: Record<AccountFormat, string> = {
  "aws-credential-report": "AWS IAM credential report",
  "github-members": "GitHub organization members (JSON)",
  "okta-users": "Okta user export (CSV)",
  csv: "Generic CSV (account, name, email, entitlements, manager email)",
};

export interface ImportedAccount {
  readonly account: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly entitlements: readonly string[];
  readonly managerEmail: string | null;
}

/** At most this many accounts per system and import. */
export const MAX_ACCOUNTS = 5000;

const emailOrNull = (value: string): string | null => {
  const v = value.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(v) ? v : null;
};

const splitList = (value: string): string[] =>
  value
    .split(/[;|\n]/)
    .map((v) => v.trim())
    .filter((v) => v !== "");

const finish = (accounts: ImportedAccount[], what: string): ImportedAccount[] => {
  if (accounts.length === 0) throw invalid(`${what}: no accounts found.`);
  if (accounts.length > MAX_ACCOUNTS)
    throw invalid(`${what}: ${accounts.length} accounts; import at most ${MAX_ACCOUNTS} per system at once.`);
  const seen = new Set<string>();
  for (const a of accounts) {
    const key = a.account.toLowerCase();
    if (seen.has(key)) throw invalid(`${what}: the account "${a.account}" appears twice.`);
    seen.add(key);
  }
  return accounts;
};

// ---- AWS IAM credential report ----

const AWS = "The AWS credential report";
const looksLikeCsv = (text: string): boolean => /^\s*"?user"?\s*,/i.test(text);

const awsCsvText = (text: string): string => {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    const root = parseJson(text, AWS);
    const content = isObject(root) ? root.Content : undefined;
    if (typeof content !== "string")
      throw invalid(`${AWS}: $.Content is missing; expected the JSON of "aws iam get-credential-report".`);
    return looksLikeCsv(content) ? content : Buffer.from(content, "base64").toString("utf8");
  }
  if (!looksLikeCsv(text) && /^[A-Za-z0-9+/=\s]+$/.test(text))
    return Buffer.from(text, "base64").toString("utf8");
  return text;
};

const awsFlag = (row: CsvRow, index: number | null): boolean => cell(row, index).toLowerCase() === "true";

export const parseAwsAccounts = (text: string): ImportedAccount[] => {
  const csv = awsCsvText(text);
  if (!looksLikeCsv(csv)) throw invalid(`${AWS}: expected the CSV with the header "user,arn,…".`);
  const table = parseCsv(csv, AWS);
  const col = (name: string) => findColumn(table.header, [name.replaceAll("_", "")]);
  const [user, arn, password, mfa, key1, key2] = [
    col("user"),
    col("arn"),
    col("password_enabled"),
    col("mfa_active"),
    col("access_key_1_active"),
    col("access_key_2_active"),
  ];
  if (user === null || arn === null || password === null)
    throw invalid(`${AWS}, line 1: the columns user, arn and password_enabled are required.`);
  return finish(
    table.rows.map((row) => {
      const name = cell(row, user);
      if (name === "") throw invalid(`${AWS}, line ${row.line}: the user is empty.`);
      const root = name === "<root_account>" || cell(row, arn).endsWith(":root");
      const entitlements = [
        root ? "Root account" : null,
        awsFlag(row, password) ? `Console password${awsFlag(row, mfa) ? " (MFA)" : " (no MFA)"}` : null,
        awsFlag(row, key1) ? "Access key 1" : null,
        awsFlag(row, key2) ? "Access key 2" : null,
      ].filter((e): e is string => e !== null);
      return {
        account: name,
        name: cell(row, arn) || null,
        email: emailOrNull(name),
        entitlements: entitlements.length > 0 ? entitlements : ["IAM user (no active credentials)"],
        managerEmail: null,
      };
    }),
    AWS,
  );
};

// ---- GitHub organization members ----

const GITHUB = "The GitHub members export";

const str = (o: JsonObject, key: string): string | null => {
  const v = o[key];
  return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
};

/**
 * `GET /orgs/{org}/members` (user objects: login, site_admin, maybe role_name, name, email), a list of
 * memberships (`GET /orgs/{org}/memberships/{user}`: { role, state, user: { login } }), or either
 * inside `{ "members": [...] }`.
 */
export const parseGithubMembers = (text: string): ImportedAccount[] => {
  const root = parseJson(text, GITHUB);
  const list = Array.isArray(root)
    ? root
    : isObject(root) && Array.isArray(root.members)
      ? root.members
      : null;
  if (list === null) throw invalid(`${GITHUB}: expected a JSON array of members (GET /orgs/{org}/members).`);
  return finish(
    list.map((item, i) => {
      if (!isObject(item)) throw invalid(`${GITHUB}: $[${i}] must be an object.`);
      const user = isObject(item.user) ? item.user : item;
      const login = str(user, "login");
      if (login === null) throw invalid(`${GITHUB}: $[${i}].login is missing.`);
      const role = str(item, "role") ?? str(item, "role_name") ?? "member";
      const entitlements = [`Organization ${role}`];
      if (user.site_admin === true) entitlements.push("Site admin");
      for (const team of Array.isArray(item.teams) ? item.teams : []) {
        if (typeof team === "string") entitlements.push(`Team ${team}`);
        else if (isObject(team) && str(team, "slug")) entitlements.push(`Team ${str(team, "slug")}`);
      }
      return {
        account: login,
        name: str(user, "name"),
        email: emailOrNull(str(user, "email") ?? ""),
        entitlements,
        managerEmail: emailOrNull(str(item, "manager_email") ?? str(item, "managerEmail") ?? ""),
      };
    }),
    GITHUB,
  );
};

// ---- CSV: Okta users and the generic layout ----

const COLUMNS = {
  account: ["account", "username", "login", "user", "userid", "accountname", "samaccountname"],
  name: ["name", "fullname", "displayname"],
  firstName: ["firstname", "givenname"],
  lastName: ["lastname", "surname", "familyname"],
  email: ["email", "primaryemail", "emailaddress", "mail", "workemail"],
  entitlements: ["entitlements", "entitlement", "roles", "role", "groups", "group", "permissions", "apps"],
  manager: ["manageremail", "manager", "managermail", "reportsto"],
  status: ["status", "accountstatus"],
};

const readCsvAccounts = (text: string, what: string, okta: boolean): ImportedAccount[] => {
  const table = parseCsv(text, what);
  const col = (k: keyof typeof COLUMNS) => findColumn(table.header, COLUMNS[k]);
  const account = col("account") ?? col("email");
  if (account === null)
    throw invalid(`${what}, line 1: an account column is required (account, username, login or email).`);
  const [name, first, last, email, ents, manager, status] = [
    col("name"),
    col("firstName"),
    col("lastName"),
    col("email"),
    col("entitlements"),
    col("manager"),
    col("status"),
  ];
  if (!okta && ents === null)
    throw invalid(`${what}, line 1: an entitlements column is required (entitlements, roles or groups).`);
  return finish(
    table.rows.map((row) => {
      const id = cell(row, account);
      if (id === "") throw invalid(`${what}, line ${row.line}: the account is empty.`);
      const full = cell(row, name) || [cell(row, first), cell(row, last)].filter((s) => s).join(" ");
      const listed = splitList(cell(row, ents));
      const state = cell(row, status);
      const entitlements =
        listed.length > 0 ? listed : okta ? [`Okta user${state ? ` (${state})` : ""}`] : [];
      if (entitlements.length === 0) throw invalid(`${what}, line ${row.line}: no entitlement for ${id}.`);
      return {
        account: id,
        name: full || null,
        email: emailOrNull(cell(row, email) || id),
        entitlements,
        managerEmail: emailOrNull(cell(row, manager)),
      };
    }),
    what,
  );
};

export const parseOktaUsers = (text: string): ImportedAccount[] =>
  readCsvAccounts(text, "The Okta user export", true);

export const parseGenericAccounts = (text: string): ImportedAccount[] =>
  readCsvAccounts(text, "The accounts CSV", false);

/** Reads an export of the given format (UTF-8 or UTF-16 text). */
export const parseAccounts = (format: AccountFormat, bytes: Buffer): ImportedAccount[] =>
  guard(ACCOUNT_FORMAT_LABELS[format], () => {
    const text = decodeText(bytes, `The ${ACCOUNT_FORMAT_LABELS[format]} file`);
    switch (format) {
      case "aws-credential-report":
        return parseAwsAccounts(text);
      case "github-members":
        return parseGithubMembers(text);
      case "okta-users":
        return parseOktaUsers(text);
      case "csv":
        return parseGenericAccounts(text);
    }
  });
