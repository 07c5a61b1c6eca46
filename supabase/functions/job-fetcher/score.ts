/**
 * The match score (0–100) of a job for a user, with the breakdown the user reads ("why 72?").
 *
 * Pure, like normalise.ts: the ingest route scores each batch with the user's profile loaded
 * once (`loadMatchProfile` in ingest.ts), and the labelled-set evaluation
 * (tests/jobs/ndcg.ts) imports this same file.
 *
 * Factors and their maximum points (sum 100): role fit 35, skills overlap 25, salary vs the
 * minimum LPA 15, location 15, experience 10. Two things sink a job without hiding it: a salary
 * whose top is below the user's minimum (−20) and a location the user did not ask for when the
 * job is on-site (−15); a company type outside the user's filter costs 5.
 */
import { CITY_REGION, titleKey } from "./normalise.ts";

/** What the score knows about the user. */
export interface MatchProfile {
  /** job_settings.roles */
  roles: string[];
  /** job_settings.locations (any spelling; canonicalised by the caller or here). */
  locations: string[];
  /** job_settings.min_lpa */
  min_lpa: number | null;
  /** job_settings.company_types (empty = any) */
  company_types: string[];
  /** Skills, lower case: repository languages and topics, confirmed career-record skills, verified certificates (not IDs). */
  skills: string[];
  /** Years of experience from confirmed work entries (overlaps once); null = judged from the target roles' seniority. */
  experience_years: number | null;
}

/** The job fields the score reads (a normalised job). */
export interface ScorableJob {
  title: string;
  norm_title?: string;
  description: string | null;
  requirements_snippet?: string | null;
  skills: string[];
  lpa_min: number | null;
  lpa_max: number | null;
  exp_min: number | null;
  exp_max: number | null;
  locations: string[];
  work_mode: string | null;
  company_type?: string | null;
}

export type MatchFactor = "role" | "skills" | "salary" | "location" | "experience" | "company_type";

/** One line of the breakdown. */
export interface BreakdownItem {
  factor: MatchFactor;
  label: string;
  points: number;
  max: number;
  detail: string;
}

export interface MatchResult {
  score: number;
  breakdown: BreakdownItem[];
}

// Words that say little about the role itself.
const STOP = new Set([
  "and",
  "or",
  "the",
  "a",
  "an",
  "of",
  "for",
  "in",
  "at",
  "with",
  "to",
  "-",
  "&",
  "1",
  "2",
  "3",
  "4",
]);
const SENIOR = new Set(["senior", "lead", "principal", "staff", "head", "architect", "manager", "director"]);
const JUNIOR = new Set(["junior", "intern", "trainee", "fresher", "graduate", "associate", "entry"]);
// Role words that name the same job family.
const FAMILY: Record<string, string> = {
  developer: "engineer",
  engineer: "engineer",
  programmer: "engineer",
  sde: "engineer",
  swe: "engineer",
  analyst: "analyst",
  scientist: "scientist",
  frontend: "frontend",
  ui: "frontend",
  react: "frontend",
  backend: "backend",
  fullstack: "fullstack",
  devops: "devops",
  sre: "devops",
  platform: "devops",
  cloud: "devops",
};

const WORDS = new Map<string, string[]>();
/** The title key's words without stop words (cached: the same roles are scored against every job). */
const words = (s: string) => {
  let w = WORDS.get(s);
  if (!w) {
    w = titleKey(s).split(" ").filter((x) => x && !STOP.has(x));
    if (WORDS.size < 5000) WORDS.set(s, w);
  }
  return w;
};
const round1 = (n: number) => Math.round(n * 10) / 10;

/** How well `title` names one of `roles`: 0..1. */
function roleFit(title: string, roles: string[]): { fit: number; role: string | null } {
  const t = words(title);
  const tSet = new Set(t);
  const tFamilies = new Set(t.map((w) => FAMILY[w]).filter(Boolean));
  let best = { fit: 0, role: null as string | null };
  for (const role of roles) {
    const r = words(role).filter((w) => !SENIOR.has(w) && !JUNIOR.has(w));
    if (r.length === 0) continue;
    let hit = 0;
    for (const w of r) {
      if (tSet.has(w)) hit += 1;
      else if (FAMILY[w] && tFamilies.has(FAMILY[w]!)) hit += 0.6;
    }
    // Extra words in the title that are not seniority words dilute the fit a little.
    const extra = t.filter((w) => !SENIOR.has(w) && !JUNIOR.has(w) && !r.includes(w) && !FAMILY[w]).length;
    const fit = (hit / r.length) * (1 / (1 + 0.08 * extra));
    if (fit > best.fit) best = { fit, role };
  }
  return best;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const MENTION = new Map<string, RegExp>();
/** Whether `skill` is mentioned in `text` (lower case) as a word ("go" not inside "google"). */
function mentions(text: string, skill: string): boolean {
  let re = MENTION.get(skill);
  if (!re) {
    re = new RegExp(`(^|[^a-z0-9+#])${escapeRe(skill)}($|[^a-z0-9+#])`);
    if (MENTION.size < 5000) MENTION.set(skill, re);
  }
  return text.includes(skill) && re.test(text);
}

function seniorityOf(roles: string[]): "senior" | "junior" | null {
  const all = roles.flatMap(words);
  if (all.some((w) => SENIOR.has(w))) return "senior";
  if (all.some((w) => JUNIOR.has(w))) return "junior";
  return null;
}

function regionOf(city: string): string {
  return CITY_REGION[city] ?? city;
}

/** The score and its breakdown. */
export function scoreJob(
  job: ScorableJob,
  p: MatchProfile,
  canonical: (s: string) => string | null,
): MatchResult {
  const breakdown: BreakdownItem[] = [];

  // Role fit (35)
  const role = roleFit(job.title, p.roles);
  breakdown.push({
    factor: "role",
    label: "Role fit",
    points: round1(35 * role.fit),
    max: 35,
    detail: p.roles.length === 0
      ? "No target roles set."
      : role.role && role.fit >= 0.99
      ? `The title names your target role "${role.role}".`
      : role.role && role.fit > 0
      ? `Close to your target role "${role.role}".`
      : "The title names none of your target roles.",
  });

  // Skills overlap (25)
  const text = `${job.title} ${job.description ?? ""} ${job.requirements_snippet ?? ""} ${
    job.skills.join(" ")
  }`
    .toLowerCase();
  const userSkills = [...new Set(p.skills.map((s) => s.toLowerCase()).filter((s) => s.length > 0))];
  const matched = userSkills.filter((s) => mentions(text, s));
  const asked = job.skills.length;
  const denominator = Math.max(3, Math.min(asked || 5, 8));
  const skillPoints = userSkills.length === 0 ? 0 : 25 * Math.min(1, matched.length / denominator);
  breakdown.push({
    factor: "skills",
    label: "Skills overlap",
    points: round1(skillPoints),
    max: 25,
    detail: userSkills.length === 0
      ? "Add skills (your career record, GitHub, a verified certificate) to match them."
      : matched.length
      ? `You have ${matched.slice(0, 6).join(", ")}${
        matched.length > 6 ? ` and ${matched.length - 6} more` : ""
      }.`
      : "None of your skills is mentioned.",
  });

  // Salary vs minimum LPA (15); below the minimum sinks (−20)
  let salaryPoints: number;
  let salaryDetail: string;
  const top = job.lpa_max ?? job.lpa_min;
  if (p.min_lpa === null || p.min_lpa === 0) {
    salaryPoints = 10;
    salaryDetail = "No minimum salary set.";
  } else if (top === null) {
    salaryPoints = 6;
    salaryDetail = "Salary not disclosed.";
  } else if (top >= p.min_lpa) {
    salaryPoints = (job.lpa_min ?? top) >= p.min_lpa ? 15 : 12;
    salaryDetail = `Pays up to ${top} LPA; your minimum is ${p.min_lpa} LPA.`;
  } else {
    salaryPoints = -20;
    salaryDetail = `Pays at most ${top} LPA, below your minimum of ${p.min_lpa} LPA.`;
  }
  breakdown.push({ factor: "salary", label: "Salary", points: salaryPoints, max: 15, detail: salaryDetail });

  // Location (15); an on-site job elsewhere sinks (−15)
  const wanted = p.locations.map((l) => canonical(l) ?? l);
  const wantsRemote = p.locations.some((l) => /remote|work from home|wfh|anywhere/i.test(l));
  const wantedRegions = new Set(wanted.map(regionOf));
  const jobCities = job.locations.filter((c) => c !== "Remote");
  const exact = jobCities.find((c) => wanted.includes(c));
  const near = jobCities.find((c) => wantedRegions.has(regionOf(c)));
  let locPoints: number;
  let locDetail: string;
  if (wanted.length === 0) {
    locPoints = 10;
    locDetail = "No preferred locations set.";
  } else if (exact) {
    locPoints = 15;
    locDetail = `In ${exact}, one of your locations.`;
  } else if (near) {
    locPoints = 13;
    locDetail = `In ${near}, in the same region as your locations.`;
  } else if (job.work_mode === "remote") {
    locPoints = wantsRemote ? 15 : 11;
    locDetail = "Remote.";
  } else if (jobCities.length === 0) {
    locPoints = 7;
    locDetail = "Location not stated.";
  } else {
    locPoints = -15;
    locDetail = `In ${jobCities.slice(0, 3).join(", ")}, none of your locations.`;
  }
  breakdown.push({ factor: "location", label: "Location", points: locPoints, max: 15, detail: locDetail });

  // Experience (10)
  let expPoints = 6;
  let expDetail = "Experience not stated.";
  if (job.exp_min !== null || job.exp_max !== null) {
    const lo = job.exp_min ?? 0;
    const hi = job.exp_max ?? lo + 5;
    const band = job.exp_max === null ? `${lo}+ years` : `${lo}–${hi} years`;
    if (p.experience_years !== null) {
      const y = p.experience_years;
      const gap = y < lo ? lo - y : y > hi ? y - hi : 0;
      expPoints = gap === 0 ? 10 : gap <= 1 ? 7 : gap <= 3 ? 3 : 0;
      expDetail = gap === 0 ? `Asks ${band}; you have ${y}.` : `Asks ${band}; you have ${y}.`;
    } else {
      const level = seniorityOf(p.roles);
      if (level === "senior") expPoints = lo >= 4 ? 10 : hi >= 4 ? 7 : 2;
      else if (level === "junior") expPoints = lo <= 2 ? 10 : lo <= 3 ? 5 : 0;
      else expPoints = lo <= 5 ? 8 : 5;
      expDetail = `Asks ${band}${level ? ` (you target ${level} roles)` : ""}.`;
    }
  }
  breakdown.push({
    factor: "experience",
    label: "Experience",
    points: expPoints,
    max: 10,
    detail: expDetail,
  });

  // Company type (penalty only)
  if (p.company_types.length > 0 && job.company_type && !p.company_types.includes(job.company_type)) {
    breakdown.push({
      factor: "company_type",
      label: "Company type",
      points: -5,
      max: 0,
      detail: `A ${job.company_type.replace("_", "-")} company; you asked for ${p.company_types.join(", ")}.`,
    });
  }

  const total = breakdown.reduce((sum, b) => sum + b.points, 0);
  return { score: Math.max(0, Math.min(100, Math.round(total))), breakdown };
}

/**
 * The baseline the score is measured against: the share of the user's keywords (target role
 * words and skills) that appear in the job's title, description and skills.
 */
export function keywordOverlap(job: ScorableJob, p: MatchProfile): number {
  const text = `${job.title} ${job.description ?? ""} ${job.skills.join(" ")}`.toLowerCase();
  const keywords = [...new Set([...p.roles.flatMap((r) => r.toLowerCase().split(/\s+/)), ...p.skills])]
    .filter((k) => k.length > 1 && !STOP.has(k));
  if (keywords.length === 0) return 0;
  return keywords.filter((k) => mentions(text, k.toLowerCase())).length / keywords.length;
}
