import { assert, assertEquals } from "../_shared/test_assert.ts";
import { canonicalCity, normaliseJob, type RawJob } from "./normalise.ts";
import { keywordOverlap, type MatchProfile, scoreJob } from "./score.ts";

const now = new Date("2026-11-30T06:00:00Z");
const profile: MatchProfile = {
  roles: ["Senior Backend Engineer"],
  locations: ["Bangalore", "Remote"],
  min_lpa: 25,
  company_types: ["product"],
  skills: ["go", "postgresql", "redis"],
  experience_years: null,
};
const raw = (extra: Partial<RawJob>): RawJob => ({
  external_job_id: "1",
  title: "Senior Backend Engineer",
  company: "Acme",
  location: "Bengaluru",
  salary_text: "30-40 LPA",
  experience_text: "5-8 Yrs",
  description: "Go, PostgreSQL and Redis services.",
  job_url: "https://example.com/1",
  ...extra,
});
const score = (extra: Partial<RawJob>) => scoreJob(normaliseJob(raw(extra), now), profile, canonicalCity);

Deno.test("score: a job that fits on every factor scores high, with a line per factor", () => {
  const r = score({});
  assert(r.score >= 85, String(r.score));
  assertEquals(r.breakdown.map((b) => b.factor), ["role", "skills", "salary", "location", "experience"]);
  assert(r.breakdown.every((b) => b.points <= b.max && b.detail.length > 0));
});

Deno.test("score: pay below the minimum and an unwanted city sink the job (not to zero), and say why", () => {
  const good = score({}).score;
  const lowPay = score({ salary_text: "₹75,000 a month" });
  const elsewhere = score({ location: "Noida" });
  assert(lowPay.score < good - 30 && lowPay.score > 0, String(lowPay.score));
  assert(elsewhere.score < good - 25 && elsewhere.score > 0, String(elsewhere.score));
  assertEquals(
    lowPay.breakdown.find((b) => b.factor === "salary")!.detail,
    "Pays at most 9 LPA, below your minimum of 25 LPA.",
  );
  assertEquals(
    elsewhere.breakdown.find((b) => b.factor === "location")!.detail,
    "In Noida, none of your locations.",
  );
  assert(score({ location: "Remote" }).score >= good - 1, "remote is one of the user's locations");
  assert(
    score({ salary_text: "Not disclosed" }).score < good,
    "an undisclosed salary is neutral, below a fitting one",
  );
});

Deno.test("score: role words beat keyword stuffing; a company type outside the filter costs 5", () => {
  const sales = score({
    title: "Technical Sales Manager",
    description: "Sell Go, PostgreSQL and Redis tooling.",
  });
  assert(sales.score < score({}).score - 25, String(sales.score));
  const job = normaliseJob(raw({ company_type: "service" }), now);
  assertEquals(scoreJob(job, profile, canonicalCity).breakdown.at(-1)!.points, -5);
  // The baseline cannot tell them apart.
  assertEquals(
    keywordOverlap(normaliseJob(raw({ title: "Sales Engineer" }), now), profile) > 0.5,
    true,
  );
});
