/**
 * The demo client's system exports for fieldwork, generated deterministically (same bytes on every
 * machine, so the demo's population hashes and samples never change): production changes from the
 * change-management tool, HR leavers and the identity provider's account export. A few real-looking
 * deviations are planted so the demo shows exceptions: a self-approved change, a change deployed
 * before approval, and a leaver whose account stayed active for three days.
 */

/** A small linear congruential generator; demo data only (sampling uses the SHA-256 generator in core). */
const lcg = (seed: number) => {
  let state = seed >>> 0;
  return (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
};

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

const addDays = (iso: string, days: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const ENGINEERS = [
  "arjun.nair",
  "meera.iyer",
  "rohan.desai",
  "kavya.reddy",
  "vikram.singh",
  "sneha.kulkarni",
  "farhan.sheikh",
];
const APPROVERS = ["priya.shah", "anand.menon", "kavya.reddy"];
const SERVICES = ["upi-gateway", "settlement-engine", "merchant-dashboard", "merchant-api", "risk-scoring"];
const TITLES = [
  "Bump TLS library",
  "Add settlement retry on bank timeout",
  "Rotate merchant webhook signing keys",
  "Fix pagination on transaction search",
  "Tune fraud score threshold",
  "Upgrade PostgreSQL driver",
  "Add UPI mandate status endpoint",
  "Harden CSP headers on dashboard",
  "Increase pod memory for settlement batch",
  "Reconciliation report: add NPCI file checks",
];

export const DEMO_CHANGE_PERIOD = { start: "2026-04-01", end: "2026-10-31" } as const;

/** Production changes, April–October 2026 (interim testing), plus a few outside the period. */
export const demoChangeTickets = (): string => {
  const next = lcg(20260401);
  const rows: string[] = [
    "ticket_id,title,service,environment,author,approver,created_at,approved_at,deployed_at",
  ];
  let n = 0;
  const add = (day: string, deviation?: "self-approved" | "deployed-before-approval") => {
    n += 1;
    const author = ENGINEERS[next(ENGINEERS.length)] as string;
    let approver = APPROVERS[next(APPROVERS.length)] as string;
    if (approver === author) approver = "priya.shah";
    if (deviation === "self-approved") approver = author;
    const hour = 9 + next(8);
    const created = `${day}T${pad(hour)}:${pad(next(60))}:00+05:30`;
    const approved = `${day}T${pad(hour + 1)}:${pad(next(60))}:00+05:30`;
    const deployed =
      deviation === "deployed-before-approval"
        ? `${day}T${pad(hour)}:${pad(59)}:00+05:30`
        : `${addDays(day, next(3))}T${pad(17 + next(4))}:${pad(next(60))}:00+05:30`;
    const title = TITLES[next(TITLES.length)] as string;
    const service = SERVICES[next(SERVICES.length)] as string;
    rows.push(
      [
        `CHG-2026-${pad(n, 4)}`,
        `"${title}"`,
        service,
        "production",
        author,
        approver,
        created,
        deviation === "deployed-before-approval" ? `${addDays(day, 1)}T10:15:00+05:30` : approved,
        deployed,
      ].join(","),
    );
  };
  add("2026-03-30");
  add("2026-03-31");
  for (let day: string = DEMO_CHANGE_PERIOD.start; day <= DEMO_CHANGE_PERIOD.end; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const count = 1 + next(3);
    for (let i = 0; i < count; i++) {
      if (day === "2026-06-17" && i === 0) add(day, "self-approved");
      else if (day === "2026-09-08" && i === 0) add(day, "deployed-before-approval");
      else add(day);
    }
  }
  add("2026-11-02");
  return `${rows.join("\n")}\n`;
};

const LEAVERS: readonly [string, string, string][] = [
  ["E1042", "Nikhil Joshi", "2026-04-15"],
  ["E1077", "Ananya Rao", "2026-05-02"],
  ["E0988", "Sameer Khan", "2026-05-29"],
  ["E1120", "Divya Pillai", "2026-06-30"],
  ["E1003", "Rahul Verma", "2026-07-18"],
  ["E1151", "Ishita Ghosh", "2026-08-07"],
  ["E1098", "Karan Malhotra", "2026-08-31"],
  ["E1176", "Pooja Bhat", "2026-09-19"],
  ["E1189", "Aditya Kapoor", "2026-10-10"],
  ["E1201", "Neha Saxena", "2026-10-24"],
];

const emailOf = (name: string): string => `${name.toLowerCase().replace(" ", ".")}@paysetu.example`;

/** HR leavers in the period (the HRMS termination report). */
export const demoLeavers = (): string =>
  `employee_id,name,email,termination_date\n${LEAVERS.map(([id, name, date]) => `${id},${name},${emailOf(name)},${date}`).join("\n")}\n`;

/** The identity provider's deactivated accounts; Sameer Khan's was disabled three days late. */
export const demoIdpDeactivations = (): string => {
  const rows = LEAVERS.map(([, name, date]) => {
    const late = name === "Sameer Khan";
    const day = late ? addDays(date, 3) : date;
    return `${emailOf(name)},DEPROVISIONED,${day}T${late ? "11:20" : "18:45"}:00Z`;
  });
  rows.push("contractor.ops@paysetu.example,DEPROVISIONED,2026-07-01T09:00:00Z");
  return `email,status,deactivated_at\n${rows.join("\n")}\n`;
};
