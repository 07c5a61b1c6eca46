/**
 * Naukri's JSON search API, as JobSpy and its TypeScript ports call it:
 * `GET {base}/jobapi/v3/search?noOfResults=20&urlType=search_by_keyword&searchType=adv&keyword=…&k=…
 * &seoKey=<kw>-jobs&src=jobsearchDesk&latLong=&pageNo=N&location=…` with headers `appid: 109`,
 * `systemid: Naukri`. Answer: `{jobDetails: [...], noOfJobs}`; each job has `jobId`, `title`,
 * `companyName`, `jdURL`, `jobDescription` (HTML), `tagsAndSkills` (comma list),
 * `placeholders[{type: experience|salary|location, label}]`, `footerPlaceholderLabel` ("3 Days
 * Ago") and `createdDate` (epoch ms). 20 per page; a 400 after page 1 means past the last page;
 * 406 means "recaptcha required"; 403/429 are blocks.
 */
import { type PageResult, type PortalClient, refusal, type SearchQuery } from "./types.js";

const PAGE_SIZE = 20;

interface NaukriJob {
  jobId?: unknown;
  title?: unknown;
  companyName?: unknown;
  jdURL?: unknown;
  staticUrl?: unknown;
  jobDescription?: unknown;
  tagsAndSkills?: unknown;
  placeholders?: { type?: unknown; label?: unknown }[];
  footerPlaceholderLabel?: unknown;
  createdDate?: unknown;
}

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

export function naukriClient(baseUrl: string, fetchImpl: typeof fetch = fetch): PortalClient {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    portal: "naukri",
    async fetchPage(q: SearchQuery, cursor: string | null, signal?: AbortSignal): Promise<PageResult> {
      const page = cursor ? Number(cursor) : 1;
      const params = new URLSearchParams({
        noOfResults: String(PAGE_SIZE),
        urlType: "search_by_keyword",
        searchType: "adv",
        keyword: q.keywords,
        k: q.keywords,
        seoKey: `${q.keywords.toLowerCase().replace(/\s+/g, "-")}-jobs`,
        src: "jobsearchDesk",
        latLong: "",
        pageNo: String(page),
        location: q.location,
      });
      if (q.remote) params.set("remote", "true");
      const res = await fetchImpl(`${base}/jobapi/v3/search?${params}`, {
        headers: { appid: "109", systemid: "Naukri", accept: "application/json", "accept-language": "en-US" },
        signal,
      });
      const refused = await refusal("Naukri", res);
      if (refused) return refused;
      if (res.status === 406) {
        return {
          kind: "blocked",
          reason: "captcha",
          retryAfterS: null,
          message: "Naukri asked for a captcha (406 recaptcha required).",
        };
      }
      if (res.status === 400 && page > 1) return { kind: "jobs", jobs: [], next: null, skipped: 0 };
      if (!res.ok) return { kind: "error", code: "http_error", message: `Naukri answered ${res.status}.` };
      let body: { jobDetails?: unknown; noOfJobs?: unknown };
      try {
        body = (await res.json()) as typeof body;
      } catch {
        return { kind: "error", code: "malformed", message: "Naukri's answer was not JSON." };
      }
      if (!Array.isArray(body.jobDetails)) {
        return { kind: "error", code: "malformed", message: "Naukri's answer had no jobDetails list." };
      }
      let skipped = 0;
      const jobs = [];
      for (const j of body.jobDetails as NaukriJob[]) {
        const id = str(j?.jobId) ?? (typeof j?.jobId === "number" ? String(j.jobId) : null);
        const title = str(j?.title);
        const company = str(j?.companyName);
        const path = str(j?.jdURL);
        if (!id || !title || !company || !path) {
          skipped += 1;
          continue;
        }
        const label = (type: string) => str(j.placeholders?.find((p) => p?.type === type)?.label);
        jobs.push({
          external_job_id: id,
          title,
          company,
          location: label("location"),
          salary_text: label("salary"),
          experience_text: label("experience"),
          description: str(j.jobDescription),
          skills: (str(j.tagsAndSkills) ?? "")
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
          job_url: path.startsWith("http")
            ? path
            : `https://www.naukri.com${path.startsWith("/") ? "" : "/"}${path}`,
          posted_at:
            str(j.footerPlaceholderLabel) ?? (typeof j.createdDate === "number" ? j.createdDate : null),
        });
      }
      const total = typeof body.noOfJobs === "number" ? body.noOfJobs : null;
      const last = body.jobDetails.length < PAGE_SIZE || (total !== null && page * PAGE_SIZE >= total);
      return { kind: "jobs", jobs, next: last ? null : String(page + 1), skipped };
    },
  };
}
