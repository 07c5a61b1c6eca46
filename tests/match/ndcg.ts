/**
 * `npm run eval:match`: NDCG@10 of the match score (supabase/functions/job-fetcher/score.ts) and
 * of a plain keyword-overlap baseline on the hand-graded set (labelled-set.ts), per user and mean.
 * Both rank the same normalised jobs (normalise.ts), so the difference is the score alone.
 * Exits non-zero when the score does not beat the baseline on the mean.
 */
import { canonicalCity, normaliseJob } from "../../supabase/functions/job-fetcher/normalise.ts";
import { keywordOverlap, scoreJob } from "../../supabase/functions/job-fetcher/score.ts";
import { LABELLED_USERS } from "./labelled-set.ts";

const K = 10;

/** DCG@k of grades in ranked order (gain 2^g − 1, log2 discount). */
function dcg(grades: number[], k = K): number {
  return grades.slice(0, k).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
}

/** NDCG@k of a ranking: its DCG over the DCG of the ideal order. Ties keep the set's order. */
export function ndcg(scored: { score: number; grade: number }[], k = K): number {
  const ranked = [...scored].sort((a, b) => b.score - a.score).map((s) => s.grade);
  const ideal = [...scored].map((s) => s.grade).sort((a, b) => b - a);
  const best = dcg(ideal, k);
  return best === 0 ? 0 : dcg(ranked, k) / best;
}

const now = new Date("2026-11-30T06:00:00Z");
const rows: { user: string; jobs: number; score: number; baseline: number }[] = [];
for (const user of LABELLED_USERS) {
  const jobs = user.jobs.map((j) => ({ grade: j.grade, job: normaliseJob(j, now) }));
  const score = ndcg(
    jobs.map(({ grade, job }) => ({ grade, score: scoreJob(job, user.profile, canonicalCity).score })),
  );
  const baseline = ndcg(jobs.map(({ grade, job }) => ({ grade, score: keywordOverlap(job, user.profile) })));
  rows.push({ user: user.name, jobs: jobs.length, score, baseline });
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const f = (x: number) => x.toFixed(3);

console.log(`NDCG@${K} on ${rows.reduce((a, r) => a + r.jobs, 0)} hand-graded jobs (${rows.length} users)\n`);
console.log(`| user | jobs | match score | keyword overlap |`);
console.log(`|---|---:|---:|---:|`);
for (const r of rows) console.log(`| ${r.user} | ${r.jobs} | ${f(r.score)} | ${f(r.baseline)} |`);
const ms = mean(rows.map((r) => r.score));
const mb = mean(rows.map((r) => r.baseline));
console.log(`| **mean** | | **${f(ms)}** | **${f(mb)}** |`);
if (ms <= mb) {
  console.error("\nthe match score does not beat keyword overlap");
  process.exit(1);
}
