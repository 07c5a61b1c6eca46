/**
 * Indeed's mobile-app GraphQL search (India), as JobSpy calls it: `POST {base}/graphql` with the
 * app's headers (`indeed-co: IN`, `indeed-api-key`, the iOS app user agent) and one
 * `jobSearch(what, location: {where, radius, radiusUnit: MILES}, limit, cursor, sort: RELEVANCE)`
 * query. Answer: `data.jobSearch.pageInfo.nextCursor` and `results[].job` with `key`, `title`,
 * `datePublished` (epoch ms), `description.html`, `location.formatted.long`,
 * `compensation.baseSalary.{unitOfWork, range.{min,max}}`, `employer.name`, `attributes[].label`.
 * Salaries are numbers: mapped to the text Indeed prints ("₹8,00,000 - ₹12,00,000 a year").
 */
import { salaryTextFromRange } from "../../../supabase/functions/job-fetcher/normalise.ts";
import { type PageResult, type PortalClient, refusal, type SearchQuery } from "./types.js";

/** The mobile app's public API key (the one JobSpy sends). */
const INDEED_APP_KEY = "161092c2017b5bbab13edb12461a62d5a833871e7cad6d9d475304573de67ac8";
const PAGE_SIZE = 25;

const gqlString = (s: string) => JSON.stringify(s);

function searchQuery(q: SearchQuery, cursor: string | null): string {
  const filters = q.remote
    ? `filters: { composite: { filters: [{ keyword: { field: "attributes", keys: ["DSQF7"] } }] } }`
    : "";
  return `query GetJobData {
  jobSearch(what: ${gqlString(q.keywords)}, location: {where: ${gqlString(q.location)}, radius: 50, radiusUnit: MILES},
            limit: ${PAGE_SIZE}, ${cursor ? `cursor: ${gqlString(cursor)},` : ""} sort: RELEVANCE, ${filters}) {
    pageInfo { nextCursor }
    results { trackingKey job {
      key title datePublished dateOnIndeed
      description { html }
      location { countryName countryCode admin1Code city postalCode streetAddress formatted { short long } }
      compensation { baseSalary { unitOfWork range { ... on Range { min max } } } currencyCode
                     estimated { currencyCode baseSalary { unitOfWork range { ... on Range { min max } } } } }
      attributes { key label }
      employer { relativeCompanyPageUrl name }
      recruit { viewJobUrl }
    } }
  }
}`;
}

interface IndeedSalary {
  unitOfWork?: string;
  range?: { min?: number | null; max?: number | null };
}
interface IndeedJob {
  key?: string;
  title?: string;
  datePublished?: number;
  description?: { html?: string } | null;
  location?: { formatted?: { long?: string | null } | null; city?: string | null } | null;
  compensation?: {
    baseSalary?: IndeedSalary | null;
    currencyCode?: string | null;
    estimated?: { currencyCode?: string; baseSalary?: IndeedSalary } | null;
  } | null;
  attributes?: { key?: string; label?: string }[];
  employer?: { name?: string } | null;
}

export function indeedClient(baseUrl: string, fetchImpl: typeof fetch = fetch): PortalClient {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    portal: "indeed",
    async fetchPage(q: SearchQuery, cursor: string | null, signal?: AbortSignal): Promise<PageResult> {
      const res = await fetchImpl(`${base}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "indeed-api-key": INDEED_APP_KEY,
          "indeed-locale": "en-US",
          "indeed-co": "IN",
          "accept-language": "en-US,en;q=0.9",
          "user-agent":
            "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Indeed App 193.1",
          "indeed-app-info": "appv=193.1; appid=com.indeed.jobsearch; osv=16.6.1; os=ios; dtype=phone",
        },
        body: JSON.stringify({ query: searchQuery(q, cursor) }),
        signal,
      });
      const refused = await refusal("Indeed", res);
      if (refused) return refused;
      if (!res.ok) return { kind: "error", code: "http_error", message: `Indeed answered ${res.status}.` };
      let body: {
        data?: { jobSearch?: { pageInfo?: { nextCursor?: string | null }; results?: { job?: IndeedJob }[] } };
        errors?: unknown[];
      };
      try {
        body = (await res.json()) as typeof body;
      } catch {
        return { kind: "error", code: "malformed", message: "Indeed's answer was not JSON." };
      }
      const search = body.data?.jobSearch;
      if (!search || !Array.isArray(search.results)) {
        return { kind: "error", code: "malformed", message: "Indeed's answer had no jobSearch results." };
      }
      let skipped = 0;
      const jobs = [];
      for (const r of search.results) {
        const j = r?.job;
        if (!j?.key || !j.title || !j.employer?.name) {
          skipped += 1;
          continue;
        }
        const pay = j.compensation?.baseSalary ?? j.compensation?.estimated?.baseSalary ?? null;
        const currency = j.compensation?.currencyCode ?? j.compensation?.estimated?.currencyCode ?? "INR";
        const remote = (j.attributes ?? []).some((a) => /remote/i.test(a?.label ?? ""));
        jobs.push({
          external_job_id: j.key,
          title: j.title,
          company: j.employer.name,
          location: j.location?.formatted?.long ?? j.location?.city ?? null,
          salary_text: pay
            ? salaryTextFromRange(pay.range?.min, pay.range?.max, pay.unitOfWork, currency)
            : null,
          description: j.description?.html ?? null,
          job_url: `https://in.indeed.com/viewjob?jk=${encodeURIComponent(j.key)}`,
          posted_at: typeof j.datePublished === "number" ? j.datePublished : null,
          work_mode: remote ? "remote" : null,
        });
      }
      const next = search.pageInfo?.nextCursor ?? null;
      return { kind: "jobs", jobs, next: search.results.length === 0 ? null : next, skipped };
    },
  };
}
