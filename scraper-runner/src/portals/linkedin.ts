/**
 * LinkedIn's guest job search (no login), as JobSpy and ts-jobspy read it:
 * `GET {base}/jobs-guest/jobs/api/seeMoreJobPostings/search?keywords=…&location=…&pageNum=0&start=N`
 * returns an HTML fragment of `<li>` cards, parsed with cheerio: `div.base-search-card` (with
 * `data-entity-urn="urn:li:jobPosting:<id>"`), `a.base-card__full-link` (…-<id>?…), title
 * `h3.base-search-card__title`, company `h4.base-search-card__subtitle a`, location
 * `span.job-search-card__location`, date `time.job-search-card__listdate[--new]` (`datetime`), salary
 * `span.job-search-card__salary-info`. `start` advances by the cards received; an empty page ends it.
 * A redirect to /authwall, /login or /signup is a sign-in wall; 429 a rate limit; cards without a
 * job id mean the page structure changed.
 */
import * as cheerio from "cheerio";
import { type PageResult, type PortalClient, refusal, type SearchQuery } from "./types.js";

/** LinkedIn's guest pages stop at about 1,000 results. */
const MAX_START = 1000;

export function linkedinClient(baseUrl: string, fetchImpl: typeof fetch = fetch): PortalClient {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    portal: "linkedin",
    async fetchPage(q: SearchQuery, cursor: string | null, signal?: AbortSignal): Promise<PageResult> {
      const start = cursor ? Number(cursor) : 0;
      const params = new URLSearchParams({
        keywords: q.keywords,
        location: q.location,
        pageNum: "0",
        start: String(start),
      });
      if (q.remote) params.set("f_WT", "2");
      const res = await fetchImpl(`${base}/jobs-guest/jobs/api/seeMoreJobPostings/search?${params}`, {
        headers: { accept: "text/html,application/xhtml+xml", "accept-language": "en-US,en;q=0.9" },
        redirect: "follow",
        signal,
      });
      if (
        /\/authwall|\/login|\/signup|linkedin\.com\/signup/.test(new URL(res.url || base).pathname + res.url)
      ) {
        return {
          kind: "blocked",
          reason: "sign_in_wall",
          retryAfterS: null,
          message: "LinkedIn showed a sign-in wall instead of jobs.",
        };
      }
      const refused = await refusal("LinkedIn", res);
      if (refused) return refused;
      if (res.status === 400 && start > 0) return { kind: "jobs", jobs: [], next: null, skipped: 0 };
      if (!res.ok) return { kind: "error", code: "http_error", message: `LinkedIn answered ${res.status}.` };
      const html = await res.text();
      const $ = cheerio.load(html);
      const cards = $("div.base-search-card");
      let skipped = 0;
      const jobs = [];
      for (const el of cards.toArray()) {
        const card = $(el);
        const href = card.find("a.base-card__full-link").attr("href") ?? "";
        const urn = card.attr("data-entity-urn") ?? "";
        const id =
          /jobPosting:(\d+)/.exec(urn)?.[1] ?? /-(\d+)(?:\?|$)/.exec(href.split("?")[0] ?? "")?.[1] ?? null;
        const title =
          card.find("h3.base-search-card__title").text().trim() ||
          card.find("a.base-card__full-link span.sr-only").text().trim();
        const company =
          card.find("h4.base-search-card__subtitle a").text().trim() ||
          card.find("h4.base-search-card__subtitle").text().trim();
        if (!id || !title || !company) {
          skipped += 1;
          continue;
        }
        const time = card.find("time.job-search-card__listdate, time.job-search-card__listdate--new").first();
        jobs.push({
          external_job_id: id,
          title,
          company,
          location: card.find("span.job-search-card__location").text().trim() || null,
          salary_text:
            card.find("span.job-search-card__salary-info").text().replace(/\s+/g, " ").trim() || null,
          job_url: href.split("?")[0] || `https://www.linkedin.com/jobs/view/${id}`,
          posted_at: time.attr("datetime") ?? (time.text().trim() || null),
        });
      }
      if (cards.length > 0 && jobs.length === 0) {
        return {
          kind: "error",
          code: "malformed",
          message: "LinkedIn's page structure changed: no job could be read from its cards.",
        };
      }
      const next =
        cards.length === 0 || start + cards.length >= MAX_START ? null : String(start + cards.length);
      return { kind: "jobs", jobs, next, skipped };
    },
  };
}
