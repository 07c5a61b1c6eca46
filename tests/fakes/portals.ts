/**
 * Loopback fakes of the three job portals, serving what they really serve (shapes from
 * JobSpy / ts-jobspy, see shared research notes): Naukri's `GET /jobapi/v3/search` JSON
 * (`jobDetails[]` with `placeholders`, 20 per page, `noOfJobs`, 400 past the last page, 406
 * captcha), LinkedIn's guest `GET /jobs-guest/jobs/api/seeMoreJobPostings/search` HTML cards
 * (`div.base-search-card`, `start` offsets, an empty page at the end, a redirect to /authwall)
 * and Indeed's `POST /graphql` `jobSearch` JSON (`results[].job`, `pageInfo.nextCursor`).
 *
 * A scenario per portal sets how many jobs there are, which entries are malformed, and what a
 * given page answers instead (429, captcha, sign-in wall, 403, 500, not JSON). Every request is
 * recorded with its headers, so tests can check the pacing and the headers the clients send.
 *
 *   const fakes = await startPortalFakes();   // fakes.url, fakes.setScenario("naukri", {...})
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./http.js";

export type FakePortal = "naukri" | "linkedin" | "indeed";
export type PageFailure =
  | "rate_limited"
  | "captcha"
  | "sign_in_wall"
  | "forbidden"
  | "server_error"
  | "not_json";

export interface PortalScenario {
  /** Jobs the search finds. */
  total: number;
  /** Page size (LinkedIn: 10 or 25; Naukri 20; Indeed 25). */
  pageSize?: number;
  /** 1-based page → what that page answers instead of jobs. */
  failAt?: Record<number, PageFailure>;
  /** Indexes (0-based, over all jobs) of entries served malformed (no id / no title). */
  malformed?: number[];
  /** Company/title/city rotation for the generated jobs (default: a mix of Indian employers). */
  jobs?: { title: string; company: string; city: string; salary?: string }[];
  /** Retry-After of a 429, seconds. */
  retryAfterS?: number;
}

export interface RecordedRequest {
  portal: FakePortal;
  at: number;
  page: number;
  headers: IncomingMessage["headers"];
  query: Record<string, string>;
}

const DEFAULT_JOBS: { title: string; company: string; city: string; salary?: string }[] = [
  {
    title: "Senior Software Engineer",
    company: "Infosys Limited",
    city: "Bengaluru",
    salary: "18-25 Lacs P.A.",
  },
  { title: "Backend Developer", company: "Razorpay", city: "Bengaluru", salary: "25-35 Lacs P.A." },
  { title: "Frontend Developer", company: "Nykaa", city: "Mumbai", salary: "Not disclosed" },
  { title: "Data Analyst", company: "Zomato", city: "Gurugram", salary: "10-14 Lacs P.A." },
  { title: "DevOps Engineer", company: "Freshworks", city: "Chennai", salary: "12-20 Lacs P.A." },
];

const LINKEDIN_LOCATION: Record<string, string> = {
  Bengaluru: "Bengaluru, Karnataka, India",
  Mumbai: "Mumbai, Maharashtra, India",
  Gurugram: "Gurugram, Haryana, India",
  Chennai: "Chennai, Tamil Nadu, India",
};
const NAUKRI_LOCATION: Record<string, string> = {
  Bengaluru: "Bangalore/Bengaluru",
  Mumbai: "Mumbai (All Areas)",
  Gurugram: "Gurgaon/Gurugram",
  Chennai: "Chennai",
};

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export class PortalFakes {
  readonly requests: RecordedRequest[] = [];
  #scenarios: Record<FakePortal, PortalScenario> = {
    naukri: { total: 0 },
    linkedin: { total: 0 },
    indeed: { total: 0 },
  };
  url = "";

  setScenario(portal: FakePortal, scenario: PortalScenario): void {
    this.#scenarios[portal] = scenario;
  }

  reset(): void {
    this.requests.length = 0;
    for (const p of ["naukri", "linkedin", "indeed"] as const) this.#scenarios[p] = { total: 0 };
  }

  #job(portal: FakePortal, i: number) {
    const s = this.#scenarios[portal];
    const list = s.jobs ?? DEFAULT_JOBS;
    const base = list[i % list.length] ?? { title: "Software Engineer", company: "Acme", city: "Bengaluru" };
    return { ...base, i, malformed: s.malformed?.includes(i) ?? false };
  }

  #page(portal: FakePortal, page: number, size: number) {
    return this.#slice(portal, (page - 1) * size, size);
  }

  #slice(portal: FakePortal, from: number, size: number) {
    const s = this.#scenarios[portal];
    const out = [];
    for (let i = from; i < Math.min(s.total, from + size); i++) out.push(this.#job(portal, i));
    return out;
  }

  /** A failure page; true when it answered. */
  #fail(portal: FakePortal, page: number, res: ServerResponse): boolean {
    const failure = this.#scenarios[portal].failAt?.[page];
    if (!failure) return false;
    const retry = String(this.#scenarios[portal].retryAfterS ?? 60);
    if (failure === "rate_limited") {
      res
        .writeHead(429, { "retry-after": retry, "content-type": "text/html" })
        .end("<html><body>Too Many Requests</body></html>");
    } else if (failure === "captcha") {
      // Naukri: 406 "recaptcha required"; the others: a captcha page behind 403.
      if (portal === "naukri")
        res.writeHead(406, { "content-type": "application/json" }).end('{"message":"recaptcha required"}');
      else
        res
          .writeHead(403, { "content-type": "text/html" })
          .end("<html><body><div id=captcha>Verify you are human</div></body></html>");
    } else if (failure === "sign_in_wall") {
      res.writeHead(302, { location: `${this.url}/authwall?trk=qf&original_referer=` }).end();
    } else if (failure === "forbidden") {
      res.writeHead(403, { "content-type": "text/html" }).end("<html><body>Access Denied</body></html>");
    } else if (failure === "server_error") {
      res.writeHead(500, { "content-type": "text/html" }).end("<html><body>System Error</body></html>");
    } else {
      res.writeHead(200, { "content-type": "application/json" }).end("<html>not json</html>");
    }
    return true;
  }

  #naukri(url: URL, res: ServerResponse) {
    const page = Number(url.searchParams.get("pageNo") ?? "1");
    const size = Number(url.searchParams.get("noOfResults") ?? "20");
    this.#record("naukri", page, url);
    if (this.#fail("naukri", page, res)) return;
    const total = this.#scenarios.naukri.total;
    if (page > 1 && (page - 1) * size >= total) {
      res.writeHead(400, { "content-type": "application/json" }).end(
        JSON.stringify({
          validationErrors: [
            { field: "pageNo", customErrorCode: 400007, message: "Requested page number doesn't exists" },
          ],
        }),
      );
      return;
    }
    const jobDetails = this.#page("naukri", page, size).map((j) => {
      const id = String(170521000000 + j.i);
      const slug = j.title.toLowerCase().replace(/\W+/g, "-");
      return {
        title: j.malformed ? undefined : j.title,
        jobId: j.malformed ? undefined : id,
        companyName: j.company,
        companyId: 10000 + j.i,
        staticUrl: `${j.company.toLowerCase().replace(/\W+/g, "-")}-jobs-careers-${10000 + j.i}`,
        jdURL: `/job-listings-${slug}-${id}`,
        jobDescription: `<p>We are hiring a <b>${esc(j.title)}</b>.</p><ul><li>TypeScript, Go, PostgreSQL</li></ul>`,
        tagsAndSkills: "TypeScript,Go,PostgreSQL,Redis",
        placeholders: [
          { type: "experience", label: "3-5 Yrs" },
          { type: "salary", label: j.salary ?? "Not disclosed" },
          { type: "location", label: NAUKRI_LOCATION[j.city] ?? j.city },
        ],
        footerPlaceholderLabel: `${(j.i % 6) + 1} Days Ago`,
        footerPlaceholderColor: "grey",
        createdDate: Date.now() - ((j.i % 6) + 1) * 86_400_000,
        logoPathV3: `https://img.naukimg.com/logo_images/v3/${10000 + j.i}.gif`,
        ambitionBoxData: {
          Url: "https://www.ambitionbox.com/reviews/x",
          ReviewsCount: 120,
          AggregateRating: "3.9",
          Title: j.company,
        },
        currency: "INR",
      };
    });
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ noOfJobs: total, jobDetails }));
  }

  #linkedin(url: URL, res: ServerResponse) {
    const size = this.#scenarios.linkedin.pageSize ?? 10;
    const start = Number(url.searchParams.get("start") ?? "0");
    const page = Math.floor(start / size) + 1;
    this.#record("linkedin", page, url);
    if (this.#fail("linkedin", page, res)) return;
    // LinkedIn serves by offset: `start` need not be a multiple of the page size.
    const cards = this.#slice("linkedin", start, size).map((j) => {
      const id = String(3629482000 + j.i);
      const slug = `${j.title}-at-${j.company}`.toLowerCase().replace(/\W+/g, "-");
      const href = `https://in.linkedin.com/jobs/view/${slug}-${j.malformed ? "" : id}?refId=abc&trackingId=xyz&position=${j.i + 1}&pageNum=0&trk=public_jobs_jserp-result_search-card`;
      const posted = new Date(Date.now() - (j.i % 5) * 86_400_000).toISOString().slice(0, 10);
      return `<li>
  <div class="base-card relative w-full hover:no-underline focus:no-underline base-card--link base-search-card base-search-card--link job-search-card"${j.malformed ? "" : ` data-entity-urn="urn:li:jobPosting:${id}"`} data-tracking-id="xyz">
    <a class="base-card__full-link absolute top-0 right-0 bottom-0 left-0 p-0 z-[2]" href="${esc(href)}" data-tracking-control-name="public_jobs_jserp-result_search-card">
      <span class="sr-only">${esc(j.title)}</span>
    </a>
    <div class="search-entity-media"><img class="artdeco-entity-image" data-delayed-url="https://media.licdn.com/logo.png" alt="${esc(j.company)}"></div>
    <div class="base-search-card__info">
      <h3 class="base-search-card__title">${esc(j.title)}</h3>
      <h4 class="base-search-card__subtitle"><a class="hidden-nested-link" href="https://in.linkedin.com/company/${esc(j.company.toLowerCase().replace(/\W+/g, "-"))}?trk=public_jobs_jserp-result_job-search-card-subtitle">${esc(j.company)}</a></h4>
      <div class="base-search-card__metadata">
        <span class="job-search-card__location">${esc(LINKEDIN_LOCATION[j.city] ?? `${j.city}, India`)}</span>
        <time class="job-search-card__listdate${j.i % 5 === 0 ? "--new" : ""}" datetime="${posted}">${j.i % 5 === 0 ? "1 hour ago" : `${j.i % 5} days ago`}</time>
      </div>
    </div>
  </div>
</li>`;
    });
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(cards.join("\n"));
  }

  async #indeed(req: IncomingMessage, url: URL, res: ServerResponse) {
    const body = JSON.parse((await readBody(req)) || "{}") as { query?: string };
    const cursor = /cursor:\s*"([^"]*)"/.exec(body.query ?? "")?.[1] ?? null;
    const page = cursor ? Number(cursor.replace("page-", "")) : 1;
    this.#record("indeed", page, url, req.headers);
    if (this.#fail("indeed", page, res)) return;
    const size = this.#scenarios.indeed.pageSize ?? 25;
    const results = this.#page("indeed", page, size).map((j) => {
      const key = `${(0xabc0000 + j.i).toString(16)}f3a9c1d2`;
      const range = /(\d+)-(\d+)/.exec(j.salary ?? "");
      const [min, max] = range ? [Number(range[1]) * 100_000, Number(range[2]) * 100_000] : [null, null];
      return {
        trackingKey: `tk-${j.i}`,
        job: {
          key: j.malformed ? null : key,
          title: j.title,
          datePublished: Date.now() - (j.i % 7) * 86_400_000,
          dateOnIndeed: Date.now() - (j.i % 7) * 86_400_000,
          description: {
            html: `<div><p>${esc(j.title)} at ${esc(j.company)}.</p><p>Skills: TypeScript, Go.</p></div>`,
          },
          location: {
            countryName: "India",
            countryCode: "IN",
            admin1Code: "KA",
            city: j.city,
            postalCode: null,
            streetAddress: null,
            formatted: {
              short: j.city,
              long: `${j.city}, ${j.city === "Bengaluru" ? "Karnataka" : "India"}`,
            },
          },
          compensation:
            min === null
              ? { baseSalary: null, currencyCode: "INR", estimated: null }
              : {
                  baseSalary: { unitOfWork: "YEAR", range: { min, max } },
                  currencyCode: "INR",
                  estimated: null,
                },
          attributes: [
            { key: "CF3CP", label: "Full-time" },
            ...(j.i % 4 === 0 ? [{ key: "DSQF7", label: "Remote" }] : []),
          ],
          employer: {
            relativeCompanyPageUrl: `/cmp/${j.company.replace(/\W+/g, "-")}`,
            name: j.company,
            dossier: null,
          },
          recruit: { viewJobUrl: `/viewjob?jk=${key}`, detailedSalary: null, workSchedule: null },
        },
      };
    });
    const more = page * size < this.#scenarios.indeed.total;
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        data: { jobSearch: { pageInfo: { nextCursor: more ? `page-${page + 1}` : null }, results } },
      }),
    );
  }

  #record(
    portal: FakePortal,
    page: number,
    url: URL,
    headers: IncomingMessage["headers"] = this.#lastHeaders,
  ) {
    this.requests.push({
      portal,
      page,
      at: Date.now(),
      headers,
      query: Object.fromEntries(url.searchParams),
    });
  }
  #lastHeaders: IncomingMessage["headers"] = {};

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    this.#lastHeaders = req.headers;
    if (req.method === "GET" && url.pathname === "/jobapi/v3/search") return this.#naukri(url, res);
    if (req.method === "GET" && url.pathname === "/jobs-guest/jobs/api/seeMoreJobPostings/search")
      return this.#linkedin(url, res);
    if (req.method === "POST" && url.pathname === "/graphql") return this.#indeed(req, url, res);
    if (url.pathname === "/authwall") {
      res
        .writeHead(200, { "content-type": "text/html" })
        .end("<html><body><h1>Sign in to view more jobs</h1></body></html>");
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  }
}

/** Starts the three portal fakes on one loopback port (0 = any). */
export async function startPortalFakes(
  port = 0,
): Promise<{ url: string; fake: PortalFakes; server: Server; close(): Promise<void> }> {
  const fake = new PortalFakes();
  const server = createServer((req, res) => {
    fake.handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`fake failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: fake.url,
    fake,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
