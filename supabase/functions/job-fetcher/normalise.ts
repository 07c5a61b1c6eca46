/**
 * India-native normalisation of what job portals print, in one place: salary text → lakh rupees
 * per annum (LPA), experience text → a band in years, location text → canonical city names and a
 * work mode, posted labels → timestamps, and the company/title keys cross-portal dedup compares.
 *
 * Pure (no I/O, no runtime APIs, no imports): the ingest route runs it inside the ingest
 * transaction path, and Node scripts (the labelled-set evaluation, the bench) import the same file.
 * Unknown or undisclosed values come back as null, never as 0.
 */

// ------------------------------------------------------------------------------------ salary

export interface SalaryBand {
  /** Lakh rupees per annum; null when the text gives no lower bound ("Up to 20 LPA"). */
  lpa_min: number | null;
  /** Lakh rupees per annum; equals lpa_min for a single figure. */
  lpa_max: number | null;
}

const NO_SALARY: SalaryBand = { lpa_min: null, lpa_max: null };
const LAKH = 100_000;

type Period = "year" | "month" | "week" | "day" | "hour";
/** Working periods per year (India: 5-day weeks, 8-hour days). */
const PER_YEAR: Record<Period, number> = { year: 1, month: 12, week: 52, day: 260, hour: 2080 };

function periodOf(text: string): Period {
  if (
    /(\/|\bper\s+|\ban?\s+|\bp\.?\s*)(month|mon|mo|m)\b|\bmonthly\b|\bpm\b|\bp\.m\.|\/\s*mo|per mensem|stipend/i
      .test(text)
  ) {
    return "month";
  }
  if (/(\/|\bper\s+|\ban?\s+)(week|wk)\b|\bweekly\b/i.test(text)) return "week";
  if (/(\/|\bper\s+|\ban?\s+)day\b|\bdaily\b/i.test(text)) return "day";
  if (/(\/|\bper\s+|\ban?\s+)(hour|hr)\b|\bhourly\b/i.test(text)) return "hour";
  return "year";
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Salary text → LPA band. Understands "₹ 12-18 Lacs P.A.", "12 LPA", "₹8,00,000 - ₹12,00,000 a
 * year", "₹75,000 a month", "1.2 Cr", "20,00,000 - 35,00,000 PA.", "15000/month", "40K - 60K per
 * month", "₹10L - ₹15L", "Up to 20 LPA", "INR 6-9 Lakhs"; "Not disclosed", "Competitive", other
 * currencies and anything unreadable → nulls.
 */
export function parseSalary(raw: string | null | undefined): SalaryBand {
  if (!raw) return NO_SALARY;
  const text = raw.replace(/\u00a0/g, " ").trim();
  if (
    !text ||
    /not\s+disclosed|undisclosed|competitive|negotiable|as per|best in|industry standard|^n\/?a$/i.test(text)
  ) {
    return NO_SALARY;
  }
  // Other currencies are not converted (rates change; the raw text stays beside the null).
  if (/\$|€|£|\b(usd|eur|gbp|aed|sgd)\b/i.test(text)) return NO_SALARY;

  const lower = text.toLowerCase();
  const period = periodOf(lower);
  // Tokens: a number (Indian or western grouping, decimals) with an optional unit right after it.
  const re = /(\d+(?:,\d+)*(?:\.\d+)?)\s*(crores?|cr\b|lakhs?|lacs?|lac\b|lpa\b|l\b|k\b|thousand)?/gi;
  const values: { n: number; unit: string | undefined }[] = [];
  for (const m of lower.matchAll(re)) {
    const n = Number(m[1]!.replace(/,/g, ""));
    if (Number.isFinite(n)) values.push({ n, unit: m[2]?.toLowerCase() });
  }
  if (values.length === 0) return NO_SALARY;
  const nums = values.slice(0, 2);
  // A unit written once applies to both ends ("12-18 Lacs", "1-1.5 Cr").
  const shared = nums.map((v) => v.unit).filter(Boolean).at(-1);
  const toRupees = (v: { n: number; unit: string | undefined }): number => {
    const unit = v.unit ?? shared;
    if (unit && /^cr/.test(unit)) return v.n * 100 * LAKH;
    if (unit && /^(lakh|lac|lpa|l$)/.test(unit)) return v.n * LAKH;
    if (unit && /^(k|thousand)/.test(unit)) return v.n * 1000;
    // No unit: a small figure on a yearly label is already in lakhs ("12-18 PA").
    if (v.n < 200 && period === "year") return v.n * LAKH;
    return v.n;
  };
  const rupees = nums.map(toRupees).map((r) => (r * PER_YEAR[period]) / LAKH);
  if (rupees.some((r) => !(r > 0) || r > 10_000)) return NO_SALARY;
  const upTo = /\b(up\s*to|upto|max(imum)?|till)\b/i.test(lower) && rupees.length === 1;
  const from = /\b(from|min(imum)?|starting|at least|\+)\b|\d\s*\+/i.test(lower) && rupees.length === 1;
  let lo = round2(rupees[0]!);
  let hi = round2(rupees[1] ?? rupees[0]!);
  if (lo > hi) [lo, hi] = [hi, lo];
  if (upTo) return { lpa_min: null, lpa_max: hi };
  if (from) return { lpa_min: lo, lpa_max: null };
  return { lpa_min: lo, lpa_max: hi };
}

/** Numeric salary (Indeed's `compensation.baseSalary`, Naukri's `salaryDetail`) → the text portals print. */
export function salaryTextFromRange(
  min: number | null | undefined,
  max: number | null | undefined,
  unit: string | null | undefined,
  currency: string | null | undefined = "INR",
): string | null {
  if (min == null && max == null) return null;
  const symbol = (currency ?? "INR").toUpperCase() === "INR" ? "₹" : `${currency} `;
  const fmt = (n: number) => `${symbol}${Math.round(n).toLocaleString("en-IN")}`;
  const period =
    ({ YEAR: "a year", MONTH: "a month", WEEK: "a week", DAY: "a day", HOUR: "an hour" } as const)[
      (unit ?? "YEAR").toUpperCase() as "YEAR"
    ] ?? "a year";
  if (min != null && max != null && min !== max) return `${fmt(min)} - ${fmt(max)} ${period}`;
  return `${fmt((min ?? max)!)} ${period}`;
}

// -------------------------------------------------------------------------------- experience

export interface ExperienceBand {
  exp_min: number | null;
  /** null for an open band ("5+ years"). */
  exp_max: number | null;
}

const SENIORITY: [RegExp, ExperienceBand][] = [
  [/\b(fresher|freshers|graduate|internship|intern|trainee|entry[\s-]?level|no experience)\b/i, {
    exp_min: 0,
    exp_max: 1,
  }],
  [/\bassociate\b/i, { exp_min: 1, exp_max: 4 }],
  [/\bmid[\s-]?senior\b/i, { exp_min: 4, exp_max: 10 }],
  [/\b(director|executive|vp)\b/i, { exp_min: 12, exp_max: null }],
];

/**
 * Experience text → band in years: "3-5 Yrs", "2 to 4 years", "5+ years", "Minimum 3 years",
 * "3 years", "0-1 Yrs", "Fresher", "Entry level", "Mid-Senior level" (LinkedIn's seniority), "6 months".
 */
export function parseExperience(raw: string | null | undefined): ExperienceBand {
  const none = { exp_min: null, exp_max: null };
  if (!raw) return none;
  const text = raw.toLowerCase().replace(/\u00a0/g, " ");
  const range = /(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*(yrs?|years?|months?)?/.exec(text);
  if (range) {
    const k = range[3]?.startsWith("month") ? 1 / 12 : 1;
    const a = Number(range[1]) * k;
    const b = Number(range[2]) * k;
    if (a <= 60 && b <= 60) return { exp_min: Math.min(a, b), exp_max: Math.max(a, b) };
  }
  const open = /(\d+(?:\.\d+)?)\s*\+|(?:min(?:imum)?|at least|over|more than)\s*(?:of\s*)?(\d+(?:\.\d+)?)/
    .exec(text);
  if (open) {
    const n = Number(open[1] ?? open[2]);
    if (n <= 60) return { exp_min: n, exp_max: null };
  }
  const upTo = /(?:up\s*to|upto|max(?:imum)?|less than)\s*(\d+(?:\.\d+)?)/.exec(text);
  if (upTo) return { exp_min: 0, exp_max: Number(upTo[1]) };
  const single = /(\d+(?:\.\d+)?)\s*(yrs?|years?|months?)/.exec(text);
  if (single) {
    const n = Number(single[1]) * (single[2]!.startsWith("month") ? 1 / 12 : 1);
    if (n <= 60) return { exp_min: Math.round(n * 10) / 10, exp_max: Math.round(n * 10) / 10 };
  }
  for (const [re, band] of SENIORITY) if (re.test(text)) return band;
  return none;
}

// -------------------------------------------------------------------------------- locations

export type WorkMode = "onsite" | "remote" | "hybrid";

/** Canonical city → the spellings portals use (lower case). */
const CITY_ALIASES: Record<string, string[]> = {
  Bengaluru: [
    "bengaluru",
    "bangalore",
    "bangaluru",
    "blr",
    "bengaluru urban",
    "bangalore rural",
    "bangalore urban",
  ],
  Mumbai: [
    "mumbai",
    "bombay",
    "mumbai city",
    "mumbai suburban",
    "navi mumbai",
    "greater mumbai",
    "thane",
    "mumbai (all areas)",
  ],
  Delhi: ["delhi", "new delhi"],
  "Delhi NCR": ["delhi ncr", "delhi / ncr", "delhi/ncr", "ncr", "delhi-ncr", "new delhi ncr"],
  Gurugram: ["gurugram", "gurgaon"],
  Noida: ["noida", "greater noida"],
  Ghaziabad: ["ghaziabad"],
  Faridabad: ["faridabad"],
  Hyderabad: ["hyderabad", "secunderabad", "hyderabad/secunderabad", "cyberabad"],
  Chennai: ["chennai", "madras"],
  Kolkata: ["kolkata", "calcutta"],
  Pune: ["pune", "poona", "pimpri-chinchwad", "pimpri chinchwad"],
  Ahmedabad: ["ahmedabad", "amdavad"],
  Kochi: ["kochi", "cochin", "ernakulam"],
  Thiruvananthapuram: ["thiruvananthapuram", "trivandrum"],
  Mysuru: ["mysuru", "mysore"],
  Vadodara: ["vadodara", "baroda"],
  Visakhapatnam: ["visakhapatnam", "vizag"],
  Puducherry: ["puducherry", "pondicherry"],
  Coimbatore: ["coimbatore"],
  Jaipur: ["jaipur"],
  Chandigarh: ["chandigarh", "chandigarh tricity"],
  Mohali: ["mohali", "sas nagar"],
  Indore: ["indore"],
  Nagpur: ["nagpur"],
  Lucknow: ["lucknow"],
  Bhubaneswar: ["bhubaneswar", "bhubaneshwar"],
  Surat: ["surat"],
  Mangaluru: ["mangaluru", "mangalore"],
  Nashik: ["nashik", "nasik"],
  Goa: ["goa", "panaji", "panjim"],
};

/** Metro regions: a job in a member city fits a user who asked for the region or another member. */
export const CITY_REGION: Record<string, string> = {
  Delhi: "Delhi NCR",
  "Delhi NCR": "Delhi NCR",
  Gurugram: "Delhi NCR",
  Noida: "Delhi NCR",
  Ghaziabad: "Delhi NCR",
  Faridabad: "Delhi NCR",
  Chandigarh: "Chandigarh Tricity",
  Mohali: "Chandigarh Tricity",
};

const ALIAS_TO_CITY = new Map<string, string>(
  Object.entries(CITY_ALIASES).flatMap(([city, aliases]) =>
    aliases.map((a) => [a, city] as [string, string])
  ),
);

/** Words that are not cities: states, the country, work-mode and filler words. */
const NOT_A_CITY = new Set([
  "india",
  "in",
  "karnataka",
  "maharashtra",
  "tamil nadu",
  "telangana",
  "andhra pradesh",
  "kerala",
  "west bengal",
  "uttar pradesh",
  "haryana",
  "gujarat",
  "rajasthan",
  "punjab",
  "madhya pradesh",
  "odisha",
  "delhi state",
  "all areas",
  "anywhere in india",
  "pan india",
  "multiple locations",
  "other",
  "others",
  "and",
  "or",
  "etc",
  "area",
  "region",
]);

const titleCase = (s: string) => s.replace(/\b([a-z])/g, (m) => m.toUpperCase());

/** One place name (lower case, trimmed) → canonical city, or null when it is no city. */
export function canonicalCity(name: string): string | null {
  const key = name.toLowerCase().replace(/\(.*?\)/g, "").replace(/\s+/g, " ").replace(/[.\s]+$/, "").trim();
  if (!key || NOT_A_CITY.has(key)) return null;
  const known = ALIAS_TO_CITY.get(key);
  if (known) return known;
  if (!/^[a-z][a-z .'-]{1,40}$/.test(key)) return null;
  return titleCase(key);
}

export interface Locations {
  /** Canonical cities, in order, without repeats; ["Remote"] for a remote job without a city. */
  locations: string[];
  work_mode: WorkMode | null;
}

/**
 * Location text → canonical cities and work mode: "Bangalore/Bengaluru", "Hyderabad/Secunderabad,
 * Bangalore/Bengaluru", "Bangalore/Bengaluru, Delhi / NCR, Mumbai (All Areas)", "Hybrid - Pune,
 * Bengaluru", "Remote", "Work from home", "Bengaluru, Karnataka, India" (LinkedIn), "Gurgaon,
 * Haryana" (Indeed). `workModeHint` is a portal's own flag ("Remote" attribute, `work_mode`).
 */
export function parseLocations(raw: string | null | undefined, workModeHint?: string | null): Locations {
  let text = (raw ?? "").replace(/\u00a0/g, " ");
  let mode: WorkMode | null = null;
  const hint = (workModeHint ?? "").toLowerCase();
  if (/hybrid/.test(hint)) mode = "hybrid";
  else if (/remote|wfh|work from home/.test(hint)) mode = "remote";
  else if (/on-?site|office/.test(hint)) mode = "onsite";

  if (/\bhybrid\b/i.test(text)) mode = "hybrid";
  else if (/\b(remote|work from home|wfh|work from anywhere)\b/i.test(text)) mode ??= "remote";
  else if (/\b(on-?site|in office|work from office)\b/i.test(text)) mode ??= "onsite";
  text = text.replace(
    /\b(hybrid|remote|work from home|wfh|work from anywhere|on-?site|in office|work from office)\b\s*[-–:]?/gi,
    ",",
  );
  // "Delhi / NCR" is one place; so is "Hyderabad/Secunderabad" — keep them before splitting on "/".
  text = text.replace(/delhi\s*[\/-]\s*ncr/gi, "Delhi NCR").replace(/\(all areas\)/gi, "");
  const cities: string[] = [];
  for (const part of text.split(/[,/|;•]| and | or |\n/i)) {
    const city = canonicalCity(part);
    if (city && !cities.includes(city)) cities.push(city);
  }
  // "Delhi NCR" plus a member city says the same thing twice; keep the region once.
  if (cities.length === 0 && mode === "remote") cities.push("Remote");
  if (mode === null && cities.length > 0) mode = "onsite";
  return { locations: cities, work_mode: mode };
}

// ------------------------------------------------------------------------------------ dates

const UNIT_MS: Record<string, number> = {
  minute: 60_000,
  min: 60_000,
  hour: 3_600_000,
  hr: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
};

/**
 * A posted label → timestamp, against `now` (the fetch time): "Just now", "Today", "Few hours
 * ago", "2 hours ago", "1 Day Ago", "3 days ago", "30+ days ago", "1 week ago", "Yesterday",
 * "Posted 5 days ago", "Active 2 days ago"; an ISO date/datetime ("2026-11-28") or epoch
 * milliseconds as they are. Null when unreadable or in the future.
 */
export function parsePostedAt(raw: string | number | null | undefined, now: Date): Date | null {
  if (raw === null || raw === undefined || raw === "") return null;
  if (typeof raw === "number" || /^\d{12,13}$/.test(String(raw).trim())) {
    const d = new Date(Number(raw));
    return Number.isNaN(d.getTime()) || d.getTime() > now.getTime() + 86_400_000 ? null : d;
  }
  const text = String(raw).toLowerCase().trim();
  if (/^\d{4}-\d{2}-\d{2}([t ][\d:.]+(z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const d = new Date(
      /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text.replace(" ", "T").toUpperCase(),
    );
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (/just now|few (seconds|minutes)|moments? ago|^now$/.test(text)) return now;
  if (/\btoday\b|few hours/.test(text)) return now;
  if (/\byesterday\b/.test(text)) return new Date(now.getTime() - UNIT_MS.day!);
  const m = /(\d+)\s*\+?\s*(minute|min|hour|hr|day|week|month|year)s?\b/.exec(text);
  if (m) return new Date(now.getTime() - Number(m[1]) * UNIT_MS[m[2]!]!);
  const one = /\b(an?|one)\s+(minute|hour|day|week|month|year)\b/.exec(text);
  if (one) return new Date(now.getTime() - UNIT_MS[one[2]!]!);
  const parsed = Date.parse(String(raw));
  return Number.isNaN(parsed) || parsed > now.getTime() + 86_400_000 ? null : new Date(parsed);
}

// ----------------------------------------------------------------------------- dedup keys

const LEGAL_SUFFIXES = new Set([
  "ltd",
  "limited",
  "pvt",
  "private",
  "inc",
  "incorporated",
  "llp",
  "llc",
  "corp",
  "corporation",
  "co",
  "company",
  "plc",
  "gmbh",
  "ag",
  "sa",
  "india",
  "the",
]);

/** Company key for dedup: "Infosys Ltd" and "Infosys Limited" → "infosys"; "Tata Consultancy Services Pvt. Ltd." → "tata consultancy services". */
export function companyKey(company: string): string {
  const words = company
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/\(.*?\)/g, " ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  const kept = words.filter((w) => !LEGAL_SUFFIXES.has(w));
  return (kept.length ? kept : words).join(" ");
}

const TITLE_WORDS: Record<string, string> = {
  sr: "senior",
  snr: "senior",
  jr: "junior",
  jnr: "junior",
  mgr: "manager",
  engg: "engineer",
  eng: "engineer",
  engr: "engineer",
  dev: "developer",
  devs: "developers",
  sde: "software development engineer",
  swe: "software engineer",
  ml: "machine learning",
  ai: "ai",
  ii: "2",
  iii: "3",
  iv: "4",
  i: "1",
  qa: "quality assurance",
  fe: "frontend",
  be: "backend",
  "front end": "frontend",
  "back end": "backend",
  "full stack": "fullstack",
};

/** Title key for dedup: "Sr. Software Engineer" and "Senior Software Engineer" → "senior software engineer". */
export function titleKey(title: string): string {
  const text = title
    .toLowerCase()
    .replace(/\(.*?\)/g, " ")
    .replace(/\b(front|back)[\s-]end\b/g, "$1end")
    .replace(/\bfull[\s-]stack\b/g, "fullstack")
    .replace(/[^a-z0-9+#]+/g, " ")
    .trim();
  return text
    .split(" ")
    .filter(Boolean)
    .map((w) => TITLE_WORDS[w] ?? w)
    .join(" ");
}

// ----------------------------------------------------------------------------- a whole job

/** A job as a source sends it to the ingest route. */
export interface RawJob {
  external_job_id: string;
  title: string;
  company: string;
  location?: string | null;
  salary_text?: string | null;
  experience_text?: string | null;
  description?: string | null;
  requirements?: string | null;
  skills?: string[] | null;
  job_url: string;
  posted_at?: string | number | null;
  company_type?: string | null;
  work_mode?: string | null;
}

/** The normalised columns of a job (the raw text kept beside them). */
export interface NormalisedJob extends SalaryBand, ExperienceBand, Locations {
  external_job_id: string;
  title: string;
  company: string;
  location: string | null;
  salary_text: string | null;
  experience_text: string | null;
  job_url: string;
  description: string | null;
  requirements_snippet: string | null;
  skills: string[];
  company_type: string | null;
  posted_text: string | null;
  posted_at: string | null;
  norm_company: string;
  norm_title: string;
}

const clean = (s: string | null | undefined, max: number) => {
  const v = (s ?? "").replace(/\s+/g, " ").trim();
  return v ? v.slice(0, max) : null;
};

/** Strips tags of an HTML fragment (portals send descriptions as HTML) into readable text. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<\s*(br|\/p|\/li|\/div|\/h\d)\s*\/?>/gi, "\n")
    .replace(/<li[^>]*>/gi, "\n• ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/[ \t]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim();
}

/** Splits "React.js,Node.js, TypeScript" and lists into trimmed, unique skills (at most 50). */
export function parseSkills(skills: string[] | string | null | undefined): string[] {
  const list = (Array.isArray(skills) ? skills : (skills ?? "").split(","))
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length <= 80);
  const seen = new Set<string>();
  return list.filter((s) => !seen.has(s.toLowerCase()) && seen.add(s.toLowerCase())).slice(0, 50);
}

/** Normalises one raw job against the fetch time. */
export function normaliseJob(raw: RawJob, now: Date): NormalisedJob {
  const description = raw.description ? htmlToText(raw.description).slice(0, 50_000) : null;
  const posted = raw.posted_at ?? null;
  const postedAt = parsePostedAt(posted, now);
  return {
    external_job_id: raw.external_job_id.trim(),
    title: clean(raw.title, 300) ?? raw.title,
    company: clean(raw.company, 300) ?? raw.company,
    location: clean(raw.location, 500),
    salary_text: clean(raw.salary_text, 200),
    experience_text: clean(raw.experience_text, 100),
    job_url: raw.job_url.trim(),
    description: description || null,
    requirements_snippet: raw.requirements ? htmlToText(raw.requirements).slice(0, 2000) || null : null,
    skills: parseSkills(raw.skills),
    company_type: raw.company_type ?? null,
    posted_text: typeof posted === "string" ? clean(posted, 100) : null,
    posted_at: postedAt ? postedAt.toISOString() : null,
    norm_company: companyKey(raw.company),
    norm_title: titleKey(raw.title),
    ...parseSalary(raw.salary_text),
    ...parseExperience(raw.experience_text),
    ...parseLocations(raw.location, raw.work_mode),
  };
}
