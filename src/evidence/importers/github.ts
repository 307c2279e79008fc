/**
 * GitHub evidence: branch protection settings and the review of merged pull requests.
 *
 * Branch protection (one file, "file"): the JSON body of
 * `GET /repos/{owner}/{repo}/branches/{branch}/protection`. GitHub's 404 body
 * `{ "message": "Branch not protected" }` is accepted too and reads as "nothing enforced".
 * Rulesets (the newer mechanism) are not read. Statuses:
 *   reviews required with ≥ 1 approval ........ pass, else fail
 *   stale approvals dismissed on new commits ... pass, else warn
 *   rules enforced for administrators .......... pass, else warn (an admin can bypass everything)
 *   force pushes blocked ....................... pass, allowed → fail, not reported → warn
 *   branch deletion blocked .................... pass, allowed → warn, not reported → warn
 *   status checks required (≥ 1 check) ......... pass, else fail
 *
 * Merged pull requests (one file, "file"), either shape:
 *   1. a JSON array of pull request objects (`GET /repos/{o}/{r}/pulls?state=closed`, pages
 *      concatenated), where each object may carry its reviews (`GET …/pulls/{n}/reviews`) in an added
 *      `reviews` array;
 *   2. `{ "pulls": [ …pull requests… ], "reviews": { "<number>": [ …reviews… ] } }`.
 * Reviews from both places are combined. A pull request is merged when `merged_at` is not null; it is
 * approved when, among reviews submitted no later than `merged_at`, some reviewer other than the
 * author (compared case-insensitively by login) has APPROVED as their latest APPROVED /
 * CHANGES_REQUESTED / DISMISSED review. Reviews whose `user` is null (deleted accounts), the author's
 * own, COMMENTED and PENDING reviews do not count. A merged pull request without any review data is
 * reported as unapproved (reason "no review data"), since the file gives no evidence of approval.
 * Duplicates (same `url`, else `html_url`, else number) are counted once.
 */
import { invalid } from "../../core/errors.js";
import {
  cap,
  controlsFor,
  decodeText,
  expectArray,
  expectObject,
  type Finding,
  guard,
  isObject,
  isoDay,
  type JsonObject,
  listedNote,
  optArray,
  optBoolean,
  optInteger,
  optString,
  parseDate,
  parseJson,
  plural,
  requireInput,
} from "./shared.js";
import type { ImportCheck, Importer, ImportOptions, ImportResult } from "./types.js";

/** Check id → library controls it supports. */
export const GITHUB_BRANCH_PROTECTION_CONTROLS = {
  "github.branch-protection.reviews-required": ["CHG-01"],
  "github.branch-protection.stale-reviews-dismissed": ["CHG-01"],
  "github.branch-protection.admins-enforced": ["CHG-05"],
  "github.branch-protection.force-pushes-blocked": ["CHG-05"],
  "github.branch-protection.deletions-blocked": ["CHG-05"],
  "github.branch-protection.status-checks-required": ["CHG-05"],
} as const satisfies Record<string, readonly string[]>;

/** Check id → library controls it supports. */
export const GITHUB_PULL_REQUESTS_CONTROLS = {
  "github.pull-requests.approved-before-merge": ["CHG-01"],
} as const satisfies Record<string, readonly string[]>;

// ---------------------------------------------------------------------------------------------
// Branch protection
// ---------------------------------------------------------------------------------------------

const BP_LABEL = "GitHub branch protection";
const BP_WHAT = "The branch protection JSON";
const PROTECTION_KEYS = [
  "required_status_checks",
  "required_pull_request_reviews",
  "enforce_admins",
  "allow_force_pushes",
  "allow_deletions",
  "restrictions",
  "required_linear_history",
  "required_signatures",
  "lock_branch",
] as const;

/** `{ "enabled": true }` objects; null when the key is absent. */
const enabled = (root: JsonObject, key: string): boolean | null => {
  const value = root[key];
  if (value === undefined || value === null) return null;
  const obj = expectObject(value, `$.${key}`, BP_WHAT);
  const flag = optBoolean(obj, "enabled", `$.${key}`, BP_WHAT);
  if (flag === null) throw invalid(`${BP_WHAT}: $.${key}.enabled is missing.`, { path: `$.${key}.enabled` });
  return flag;
};

interface Protection {
  readonly reviews: {
    readonly count: number | null;
    readonly dismissStale: boolean | null;
    readonly codeOwners: boolean | null;
    readonly lastPush: boolean | null;
  } | null;
  readonly statusChecks: { readonly names: readonly string[]; readonly strict: boolean | null } | null;
  readonly enforceAdmins: boolean | null;
  readonly allowForcePushes: boolean | null;
  readonly allowDeletions: boolean | null;
}

const UNPROTECTED: Protection = {
  reviews: null,
  statusChecks: null,
  enforceAdmins: false,
  allowForcePushes: true,
  allowDeletions: true,
};

const readProtection = (root: JsonObject): Protection => {
  if (!PROTECTION_KEYS.some((k) => k in root)) {
    const message = optString(root, "message", "$", BP_WHAT);
    if (message !== null && /branch not protected/i.test(message)) return UNPROTECTED;
    if (message !== null) {
      throw invalid(`${BP_WHAT}: $.message: GitHub answered with an error, "${message.slice(0, 120)}".`, {
        path: "$.message",
      });
    }
    throw invalid(
      `${BP_WHAT}: $ is not a branch protection response (expected keys such as required_pull_request_reviews, enforce_admins, allow_force_pushes).`,
      { path: "$" },
    );
  }
  const reviewsValue = root.required_pull_request_reviews;
  let reviews: Protection["reviews"] = null;
  if (reviewsValue !== undefined && reviewsValue !== null) {
    const path = "$.required_pull_request_reviews";
    const r = expectObject(reviewsValue, path, BP_WHAT);
    reviews = {
      count: optInteger(r, "required_approving_review_count", path, BP_WHAT),
      dismissStale: optBoolean(r, "dismiss_stale_reviews", path, BP_WHAT),
      codeOwners: optBoolean(r, "require_code_owner_reviews", path, BP_WHAT),
      lastPush: optBoolean(r, "require_last_push_approval", path, BP_WHAT),
    };
  }
  const checksValue = root.required_status_checks;
  let statusChecks: Protection["statusChecks"] = null;
  if (checksValue !== undefined && checksValue !== null) {
    const path = "$.required_status_checks";
    const s = expectObject(checksValue, path, BP_WHAT);
    const names = new Set<string>();
    optArray(s, "contexts", path, BP_WHAT).forEach((c, i) => {
      if (typeof c !== "string") {
        throw invalid(`${BP_WHAT}: ${path}.contexts[${i}] must be a string.`, {
          path: `${path}.contexts[${i}]`,
        });
      }
      names.add(c);
    });
    optArray(s, "checks", path, BP_WHAT).forEach((c, i) => {
      const check = expectObject(c, `${path}.checks[${i}]`, BP_WHAT);
      const context = optString(check, "context", `${path}.checks[${i}]`, BP_WHAT);
      if (context === null) {
        throw invalid(`${BP_WHAT}: ${path}.checks[${i}].context is missing.`, {
          path: `${path}.checks[${i}].context`,
        });
      }
      names.add(context);
    });
    statusChecks = { names: [...names], strict: optBoolean(s, "strict", path, BP_WHAT) };
  }
  return {
    reviews,
    statusChecks,
    enforceAdmins: enabled(root, "enforce_admins"),
    allowForcePushes: enabled(root, "allow_force_pushes"),
    allowDeletions: enabled(root, "allow_deletions"),
  };
};

const protectionChecks = (p: Protection): ImportCheck[] => {
  const checks: ImportCheck[] = [];
  const r = p.reviews;
  checks.push({
    id: "github.branch-protection.reviews-required",
    title: "Pull request review required before merge",
    status: r === null ? "fail" : r.count === null ? "warn" : r.count >= 1 ? "pass" : "fail",
    message:
      r === null
        ? "Changes can merge without review: no pull request review is required."
        : r.count === null
          ? "Pull requests are required, but the number of approvals required is not reported."
          : r.count >= 1
            ? `${plural(r.count, "approving review")} required${r.codeOwners === true ? ", including code owners" : ""}${r.lastPush === true ? ", and the last push must be approved by someone else" : ""}.`
            : "Pull requests are required, but with 0 approving reviews.",
    findings:
      r === null
        ? []
        : [{ requiredApprovals: r.count, codeOwners: r.codeOwners, lastPushApproval: r.lastPush }],
  });
  checks.push({
    id: "github.branch-protection.stale-reviews-dismissed",
    title: "Approvals dismissed when new commits are pushed",
    status: r?.dismissStale === true ? "pass" : "warn",
    message:
      r === null
        ? "No review is required, so no approval is dismissed on new commits."
        : r.dismissStale === true
          ? "Stale approvals are dismissed when new commits are pushed."
          : "Approvals stay valid after new commits are pushed (dismiss_stale_reviews is off).",
    findings: [],
  });
  checks.push({
    id: "github.branch-protection.admins-enforced",
    title: "Rules enforced for administrators",
    status: p.enforceAdmins === true ? "pass" : "warn",
    message:
      p.enforceAdmins === true
        ? "The rules apply to administrators too."
        : "Administrators can bypass the branch protection rules (enforce_admins is off).",
    findings: [],
  });
  checks.push({
    id: "github.branch-protection.force-pushes-blocked",
    title: "Force pushes blocked",
    status: p.allowForcePushes === false ? "pass" : p.allowForcePushes === true ? "fail" : "warn",
    message:
      p.allowForcePushes === false
        ? "Force pushes to the branch are blocked."
        : p.allowForcePushes === true
          ? "Force pushes to the branch are allowed, so reviewed history can be rewritten."
          : "The response does not say whether force pushes are allowed (allow_force_pushes is absent).",
    findings: [],
  });
  checks.push({
    id: "github.branch-protection.deletions-blocked",
    title: "Branch deletion blocked",
    status: p.allowDeletions === false ? "pass" : "warn",
    message:
      p.allowDeletions === false
        ? "The branch cannot be deleted."
        : p.allowDeletions === true
          ? "Users with push access can delete the branch."
          : "The response does not say whether the branch can be deleted (allow_deletions is absent).",
    findings: [],
  });
  const sc = p.statusChecks;
  checks.push({
    id: "github.branch-protection.status-checks-required",
    title: "Status checks required before merge",
    status: sc !== null && sc.names.length > 0 ? "pass" : "fail",
    message:
      sc === null
        ? "No status check is required before merging."
        : sc.names.length === 0
          ? "Required status checks are configured, but the list of checks is empty."
          : `${plural(sc.names.length, "status check")} required (${sc.names.join(", ")})${sc.strict === true ? "; branches must be up to date before merging" : ""}.`,
    findings: (sc?.names ?? []).map((name) => ({ check: name, strict: sc?.strict ?? null })),
  });
  return checks;
};

const describeTarget = (root: JsonObject): string | null => {
  const url = typeof root.url === "string" ? root.url : "";
  const m = /\/repos\/([^/]+)\/([^/]+)\/branches\/([^/]+)\/protection/.exec(url);
  if (m === null) return null;
  let branch = m[3] ?? "";
  try {
    branch = decodeURIComponent(branch);
  } catch {
    // keep the raw segment
  }
  return `${m[1]}/${m[2]}, branch ${branch}`;
};

export const parseGithubBranchProtection = (
  inputs: Readonly<Record<string, Buffer>>,
  options: ImportOptions,
): ImportResult =>
  guard(BP_LABEL, () => {
    const text = decodeText(requireInput(inputs, "file", BP_LABEL), BP_WHAT);
    const root = expectObject(parseJson(text, BP_WHAT), "$", BP_WHAT);
    const protection = readProtection(root);
    const checks = protectionChecks(protection);
    const target = describeTarget(root);
    return {
      importer: "github-branch-protection",
      title: `${BP_LABEL}${target === null ? "" : `: ${target}`}`,
      effectiveDate: isoDay(options.now),
      periodStart: null,
      periodEnd: null,
      checks,
      controlIds: controlsFor(GITHUB_BRANCH_PROTECTION_CONTROLS, checks),
      stats: {
        requiredApprovals: protection.reviews?.count ?? 0,
        requiredStatusChecks: protection.statusChecks?.names.length ?? 0,
        passed: checks.filter((c) => c.status === "pass").length,
        warned: checks.filter((c) => c.status === "warn").length,
        failed: checks.filter((c) => c.status === "fail").length,
      },
    };
  });

export const githubBranchProtectionImporter: Importer = {
  id: "github-branch-protection",
  label: BP_LABEL,
  accepts: "The JSON of GET /repos/{owner}/{repo}/branches/{branch}/protection.",
  inputs: ["file"],
  parse: parseGithubBranchProtection,
};

// ---------------------------------------------------------------------------------------------
// Merged pull requests
// ---------------------------------------------------------------------------------------------

const PR_LABEL = "GitHub merged pull requests";
const PR_WHAT = "The pull requests JSON";

interface Review {
  readonly login: string | null;
  readonly state: string;
  readonly submittedAt: Date | null;
}

interface Pull {
  readonly key: string;
  readonly number: number;
  readonly title: string | null;
  readonly author: string | null;
  readonly state: string | null;
  readonly mergedAt: Date | null;
  readonly url: string | null;
  readonly repo: string | null;
  readonly reviews: Review[] | null;
}

const readLogin = (obj: JsonObject, path: string): string | null => {
  const user = obj.user;
  if (user === undefined || user === null) return null;
  const u = expectObject(user, `${path}.user`, PR_WHAT);
  return optString(u, "login", `${path}.user`, PR_WHAT);
};

const readReviews = (value: unknown, path: string): Review[] =>
  expectArray(value, path, PR_WHAT).map((item, i) => {
    const p = `${path}[${i}]`;
    const r = expectObject(item, p, PR_WHAT);
    const state = optString(r, "state", p, PR_WHAT);
    if (state === null) throw invalid(`${PR_WHAT}: ${p}.state is missing.`, { path: `${p}.state` });
    const submitted = optString(r, "submitted_at", p, PR_WHAT);
    return {
      login: readLogin(r, p),
      state: state.toUpperCase(),
      submittedAt: submitted === null ? null : parseDate(submitted, `${PR_WHAT}: ${p}.submitted_at`),
    };
  });

const readRepo = (obj: JsonObject): string | null => {
  const base = obj.base;
  if (!isObject(base) || !isObject(base.repo)) return null;
  return typeof base.repo.full_name === "string" ? base.repo.full_name : null;
};

const readPull = (item: unknown, path: string): Pull => {
  const obj = expectObject(item, path, PR_WHAT);
  const number = optInteger(obj, "number", path, PR_WHAT);
  if (number === null) {
    const hint =
      "pull_request_url" in obj || "submitted_at" in obj
        ? ' (this looks like a review; put reviews in the pull request\'s "reviews" array or under "reviews" keyed by number)'
        : "";
    throw invalid(`${PR_WHAT}: ${path}.number is missing${hint}.`, { path: `${path}.number` });
  }
  const merged = optString(obj, "merged_at", path, PR_WHAT);
  const url = optString(obj, "url", path, PR_WHAT);
  const htmlUrl = optString(obj, "html_url", path, PR_WHAT);
  return {
    key: url ?? htmlUrl ?? `#${number}`,
    number,
    title: optString(obj, "title", path, PR_WHAT),
    author: readLogin(obj, path),
    state: optString(obj, "state", path, PR_WHAT),
    mergedAt: merged === null ? null : parseDate(merged, `${PR_WHAT}: ${path}.merged_at`),
    url: htmlUrl ?? url,
    repo: readRepo(obj),
    reviews:
      obj.reviews === undefined || obj.reviews === null ? null : readReviews(obj.reviews, `${path}.reviews`),
  };
};

const readPulls = (root: unknown): Pull[] => {
  let items: readonly unknown[];
  let basePath: string;
  let extra: Map<number, Review[]> | null = null;
  if (Array.isArray(root)) {
    items = root;
    basePath = "$";
  } else if (isObject(root) && "pulls" in root) {
    items = expectArray(root.pulls, "$.pulls", PR_WHAT);
    basePath = "$.pulls";
    if (root.reviews !== undefined && root.reviews !== null) {
      const map = expectObject(root.reviews, "$.reviews", PR_WHAT);
      extra = new Map();
      for (const [key, value] of Object.entries(map)) {
        const path = `$.reviews[${JSON.stringify(key)}]`;
        if (!/^\d{1,15}$/.test(key)) {
          throw invalid(`${PR_WHAT}: ${path}: the keys of "reviews" must be pull request numbers.`, { path });
        }
        extra.set(Number(key), readReviews(value, path));
      }
    }
  } else if (isObject(root) && typeof root.message === "string") {
    throw invalid(`${PR_WHAT}: $.message: GitHub answered with an error, "${root.message.slice(0, 120)}".`, {
      path: "$.message",
    });
  } else {
    throw invalid(
      `${PR_WHAT}: $ must be an array of pull requests or an object { "pulls": [...], "reviews": { "<number>": [...] } }.`,
      { path: "$" },
    );
  }
  const seen = new Set<string>();
  const pulls: Pull[] = [];
  items.forEach((item, i) => {
    const pull = readPull(item, `${basePath}[${i}]`);
    if (seen.has(pull.key)) return;
    seen.add(pull.key);
    const more = extra?.get(pull.number);
    pulls.push(more === undefined ? pull : { ...pull, reviews: [...(pull.reviews ?? []), ...more] });
  });
  return pulls;
};

interface Verdict {
  readonly approved: boolean;
  readonly approvers: readonly string[];
  readonly reason: string;
}

const COUNTED = new Set(["APPROVED", "CHANGES_REQUESTED", "DISMISSED"]);

/** Whether a merged pull request was approved by someone other than its author before merge. */
const judgePull = (pull: Pull & { mergedAt: Date }): Verdict => {
  if (pull.reviews === null)
    return { approved: false, approvers: [], reason: "no review data in the export" };
  const author = pull.author?.toLowerCase() ?? null;
  const ordered = [...pull.reviews].sort(
    (a, b) =>
      (a.submittedAt?.getTime() ?? Number.NEGATIVE_INFINITY) -
      (b.submittedAt?.getTime() ?? Number.NEGATIVE_INFINITY),
  );
  const latest = new Map<string, string>();
  let self = false;
  let ghost = false;
  let late = false;
  for (const review of ordered) {
    if (!COUNTED.has(review.state)) continue;
    const approval = review.state === "APPROVED";
    if (review.login === null) ghost ||= approval;
    else if (author !== null && review.login.toLowerCase() === author) self ||= approval;
    else if (review.submittedAt !== null && review.submittedAt.getTime() > pull.mergedAt.getTime())
      late ||= approval;
    else latest.set(review.login.toLowerCase(), review.state);
  }
  const approvers = [...latest].filter(([, state]) => state === "APPROVED").map(([login]) => login);
  if (approvers.length > 0) return { approved: true, approvers, reason: "" };
  const reason = late
    ? "approved only after merge"
    : self
      ? "approved only by its author"
      : ghost
        ? "approved only by a deleted account (user is null)"
        : latest.size > 0
          ? "reviews did not end in an approval"
          : "no approving review";
  return { approved: false, approvers: [], reason };
};

export const parseGithubPullRequests = (
  inputs: Readonly<Record<string, Buffer>>,
  options: ImportOptions,
): ImportResult =>
  guard(PR_LABEL, () => {
    const text = decodeText(requireInput(inputs, "file", PR_LABEL), PR_WHAT);
    const pulls = readPulls(parseJson(text, PR_WHAT));
    const merged = pulls.filter((p): p is Pull & { mergedAt: Date } => p.mergedAt !== null);
    const unapproved: Finding[] = [];
    let withoutReviewData = 0;
    for (const pull of merged) {
      if (pull.reviews === null) withoutReviewData++;
      const verdict = judgePull(pull);
      if (!verdict.approved) {
        unapproved.push({
          number: pull.number,
          title: pull.title,
          author: pull.author,
          mergedAt: pull.mergedAt.toISOString(),
          reason: verdict.reason,
          url: pull.url,
        });
      }
    }
    const times = merged.map((p) => p.mergedAt.getTime());
    const first = times.length === 0 ? null : new Date(times.reduce((a, b) => Math.min(a, b)));
    const last = times.length === 0 ? null : new Date(times.reduce((a, b) => Math.max(a, b)));
    const check: ImportCheck = {
      id: "github.pull-requests.approved-before-merge",
      title: "Merged pull requests approved by someone other than the author",
      status: merged.length === 0 ? "warn" : unapproved.length > 0 ? "fail" : "pass",
      message:
        merged.length === 0
          ? `None of the ${plural(pulls.length, "pull request")} in the file is merged (merged_at is null); export closed pull requests (state=closed) for the period.`
          : unapproved.length > 0
            ? `${unapproved.length} of ${merged.length} merged pull requests ${unapproved.length === 1 ? "has" : "have"} no approval by someone other than the author before merge${listedNote(unapproved.length)}.`
            : `All ${plural(merged.length, "merged pull request")} were approved by someone other than the author before merge.`,
      findings: cap(unapproved),
    };
    const checks = [check];
    const repos = [...new Set(pulls.map((p) => p.repo).filter((r): r is string => r !== null))];
    const where =
      repos.length === 1 ? `, ${repos[0]}` : repos.length > 1 ? `, ${repos.length} repositories` : "";
    return {
      importer: "github-pull-requests",
      title: `${PR_LABEL}${where} (${merged.length} merged of ${plural(pulls.length, "pull request")})`,
      effectiveDate: isoDay(last ?? options.now),
      periodStart: first === null ? null : isoDay(first),
      periodEnd: last === null ? null : isoDay(last),
      checks,
      controlIds: controlsFor(GITHUB_PULL_REQUESTS_CONTROLS, checks),
      stats: {
        pulls: pulls.length,
        open: pulls.filter((p) => p.state === "open").length,
        closedWithoutMerge: pulls.filter((p) => p.mergedAt === null && p.state === "closed").length,
        merged: merged.length,
        mergedWithApproval: merged.length - unapproved.length,
        mergedWithoutApproval: unapproved.length,
        mergedWithoutReviewData: withoutReviewData,
      },
    };
  });

export const githubPullRequestsImporter: Importer = {
  id: "github-pull-requests",
  label: PR_LABEL,
  accepts:
    'A JSON array of pull requests (GET /repos/{o}/{r}/pulls?state=closed), each optionally with a "reviews" array, or { "pulls": [...], "reviews": { "<number>": [...] } }.',
  inputs: ["file"],
  parse: parseGithubPullRequests,
};
