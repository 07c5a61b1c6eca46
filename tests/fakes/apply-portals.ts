/**
 * Loopback fakes of the three portals' APPLY flows, served as pages a browser drives (the search
 * APIs are in ./portals.ts). Each looks and behaves like the real thing, with its own technique:
 *
 *   LinkedIn  GET /jobs/view/:id                  job page; "Easy Apply" opens a multi-step dialog
 *                                                 (contact info, resume upload + cover letter,
 *                                                 screening questions over two steps, review),
 *                                                 validated per step in the page; the final
 *                                                 "Submit application" POSTs the form (multipart,
 *                                                 resume file included) to
 *             POST /voyager/api/jobs/easyApply/:id  → {applicationId} → "Your application was sent"
 *             GET  /authwall, /checkpoint/challenge/…, /checkpoint/lg/restricted
 *   Naukri    GET /job-listings-<slug>-<id>       job page; "Apply" opens the recruiter chatbot
 *                                                 drawer asking one question at a time, then a
 *                                                 final "Submit" POSTs the answers to
 *             POST /cloudgateway-apply/v2/apply     → "You have successfully applied"
 *                                                 (no session: "Login to apply" instead of Apply)
 *   Indeed    GET /viewjob?jk=<16 hex>            job page; "Apply now" → server-side pages with a
 *                                                 draft kept per (session, job):
 *             /indeedapply/form/contact-info → /resume (multipart upload) → /questions/1, /questions/2
 *             → /review → POST /indeedapply/form/submit → /indeedapply/form/post-apply
 *                                                 (no session: /account/login)
 *
 * Sessions: a portal's session cookie (LinkedIn `li_at`, Naukri `nauk_at`, Indeed `PPID`) must hold
 * one of `sessions[portal]` (default: {@link FAKE_APPLY_SESSIONS}); missing or unknown → the sign-in
 * wall. A scenario per portal switches what is served instead of the job page (`block`: captcha,
 * sign_in, restricted, rate_limited — 429), what the final submit answers (`blockOnSubmit`), closed
 * jobs, jobs applied to outside the runner, and the screening questions (unknown ones included).
 *
 * Every submission is RECORDED per (portal, session, job): `submissionsFor(...)` lets tests assert
 * "exactly one", and the job page shows "Applied" afterwards (what `checkApplied` reads). A second
 * submit of the same job answers "already applied" and records nothing. `reset()` (or
 * `POST /__fake/apply/reset`) clears submissions, drafts and scenarios; `GET /__fake/apply/submissions`
 * lists them for out-of-process tests.
 *
 *   const fakes = await startApplyPortalFakes();   // fakes.url, fakes.fake.setScenario("linkedin", {...})
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { readBody } from "./http.js";

export type ApplyPortal = "linkedin" | "naukri" | "indeed";
export type PortalBlock = "captcha" | "sign_in" | "restricted" | "rate_limited";

/** A screening question as the portal asks it. */
export interface FakeQuestion {
  id: string;
  label: string;
  kind: "text" | "number" | "select" | "radio" | "checkbox";
  options?: string[];
  required: boolean;
}

export interface ApplyPortalScenario {
  /** Served instead of the job page and every apply step. */
  block?: PortalBlock;
  /** What the final submit answers instead of recording the application. */
  blockOnSubmit?: "rate_limited" | "captcha";
  /** Job ids that no longer take applications. */
  closed?: string[];
  /** Job ids this account applied to before (outside the runner: nothing recorded here). */
  appliedBefore?: string[];
  /** The screening questions (default: {@link DEFAULT_QUESTIONS} of the portal). */
  questions?: FakeQuestion[];
}

export interface ApplySubmission {
  portal: ApplyPortal;
  session: string;
  jobId: string;
  applicationId: string;
  at: number;
  /** Contact fields as submitted. */
  contact: Record<string, string>;
  /** Screening answers by question id (checkbox groups: values joined with "\n"). */
  answers: Record<string, string>;
  resume: { fileName: string; size: number; sha256: string; type: string } | null;
  coverLetter: string | null;
}

/** The session cookie each portal's pages read. */
export const SESSION_COOKIE: Record<ApplyPortal, string> = {
  linkedin: "li_at",
  naukri: "nauk_at",
  indeed: "PPID",
};

/** Session cookie values the fakes accept by default (NOT secrets: fixed test values). */
export const FAKE_APPLY_SESSIONS: Record<ApplyPortal, string> = {
  linkedin: "AQEDAfakeLinkedInSession0000000000000000000000000000000000",
  naukri: "eyJraWQiOiJmYWtlIn0.fakeNaukriSession.0000000000",
  indeed: "eyJhbGciOiJFUzI1NiJ9.fakeIndeedSession.0000000000",
};

/** The profile the portals prefill contact details from. */
export const FAKE_PROFILE = { firstName: "Asha", lastName: "Rao", email: "asha.rao@example.com" };

export const DEFAULT_QUESTIONS: Record<ApplyPortal, FakeQuestion[]> = {
  linkedin: [
    {
      id: "q-years-typescript",
      label: "How many years of work experience do you have with TypeScript?",
      kind: "number",
      required: true,
    },
    {
      id: "q-notice",
      label: "What is your notice period in days?",
      kind: "number",
      required: true,
    },
    {
      id: "q-authorized",
      label: "Are you legally authorized to work in India?",
      kind: "radio",
      options: ["Yes", "No"],
      required: true,
    },
    {
      id: "q-commute",
      label: "Are you comfortable commuting to this job's location?",
      kind: "radio",
      options: ["Yes", "No"],
      required: true,
    },
    {
      id: "q-current-ctc",
      label: "What is your current CTC (in LPA)?",
      kind: "text",
      required: true,
    },
    {
      id: "q-english",
      label: "What is your level of proficiency in English?",
      kind: "select",
      options: ["None", "Conversational", "Professional", "Native or bilingual"],
      required: false,
    },
  ],
  naukri: [
    { id: "q-current-ctc", label: "What is your current CTC?", kind: "text", required: true },
    { id: "q-expected-ctc", label: "What is your expected CTC?", kind: "text", required: true },
    {
      id: "q-notice",
      label: "What is your notice period?",
      kind: "radio",
      options: [
        "15 Days or less",
        "1 Month",
        "2 Months",
        "3 Months",
        "More than 3 Months",
        "Serving Notice Period",
      ],
      required: true,
    },
    {
      id: "q-relocate",
      label: "Are you willing to relocate to Bengaluru?",
      kind: "radio",
      options: ["Yes", "No"],
      required: true,
    },
    {
      id: "q-years-react",
      label: "How many years of experience do you have in React.js?",
      kind: "text",
      required: true,
    },
  ],
  indeed: [
    {
      id: "q-years-java",
      label: "How many years of Java experience do you have?",
      kind: "number",
      required: true,
    },
    {
      id: "q-relocate",
      label: "Will you be able to reliably commute or relocate to Pune, Maharashtra for this job?",
      kind: "radio",
      options: [
        "Yes, I can make the commute",
        "Yes, I am planning to relocate",
        "Yes, but I need relocation assistance",
        "No",
      ],
      required: true,
    },
    {
      id: "q-current-ctc",
      label: "What is your current CTC (₹ per annum)?",
      kind: "number",
      required: true,
    },
    {
      id: "q-notice",
      label: "What is your notice period?",
      kind: "select",
      options: ["Immediate", "15 days", "30 days", "60 days", "90 days"],
      required: true,
    },
    {
      id: "q-authorized",
      label: "Are you authorized to work in India?",
      kind: "radio",
      options: ["Yes", "No"],
      required: true,
    },
  ],
};

const JOB = {
  title: "Senior Software Engineer",
  company: "Infosys Limited",
  location: "Bengaluru, Karnataka, India",
};

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0) out[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
  }
  return out;
}

function html(res: ServerResponse, body: string, status = 200, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", ...headers }).end(body);
}
function redirect(res: ServerResponse, to: string) {
  res.writeHead(303, { location: to }).end();
}
function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** The body of a POST as FormData (multipart or urlencoded), read by undici like a browser's. */
async function formData(req: IncomingMessage, url: URL): Promise<FormData> {
  const request = new Request(url, {
    method: "POST",
    headers: req.headers as Record<string, string>,
    body: Readable.toWeb(req) as ReadableStream,
    duplex: "half",
  } as RequestInit);
  return request.formData();
}

async function resumeOf(form: FormData, field: string): Promise<ApplySubmission["resume"]> {
  const file = form.get(field);
  if (!file || typeof file === "string" || file.size === 0) return null;
  const bytes = Buffer.from(await file.arrayBuffer());
  return {
    fileName: file.name,
    size: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    type: file.type,
  };
}

function page(portal: ApplyPortal, title: string, body: string, script = ""): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${BASE_CSS}${CSS[portal]}</style></head>
<body class="${portal}">${body}${script ? `<script>${script}</script>` : ""}</body></html>`;
}

const BASE_CSS = `*{box-sizing:border-box}body{margin:0;font:14px/1.45 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
button,.btn{cursor:pointer;font:inherit}[hidden]{display:none!important}label{display:block;font-weight:600;margin:10px 0 4px}
input[type=text],input[type=number],input[type=tel],input[type=email],select,textarea{width:100%;padding:8px;border:1px solid #8c8c8c;border-radius:4px;font:inherit}
.error{color:#b24020;font-size:12px;margin-top:4px}fieldset{border:0;padding:0;margin:12px 0}legend{font-weight:600;margin-bottom:4px}
.opt{display:flex;gap:8px;align-items:center;margin:4px 0}.opt label{display:inline;font-weight:400;margin:0}`;

const CSS: Record<ApplyPortal, string> = {
  linkedin: `body{background:#f4f2ee;color:rgba(0,0,0,.9)}.global-nav{background:#fff;border-bottom:1px solid #e8e8e8;padding:8px 24px;display:flex;gap:16px;align-items:center}
.li-logo{background:#0a66c2;color:#fff;font-weight:700;border-radius:4px;padding:2px 6px}.scaffold{max-width:760px;margin:24px auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 0 0 1px rgba(0,0,0,.08)}
.jobs-unified-top-card__job-title{font-size:24px;margin:0 0 4px}.jobs-apply-button{background:#0a66c2;color:#fff;border:0;border-radius:24px;padding:8px 20px;font-weight:600;margin-top:16px}
.artdeco-modal-overlay{position:fixed;inset:0;background:rgba(0,0,0,.6);display:flex;align-items:flex-start;justify-content:center;padding-top:40px}
.artdeco-modal{background:#fff;border-radius:8px;width:min(744px,96vw);max-height:90vh;overflow:auto}.artdeco-modal__header{padding:16px 24px;border-bottom:1px solid #e8e8e8;display:flex;justify-content:space-between}
.artdeco-modal__header h2{margin:0;font-size:20px}.jobs-easy-apply-content{padding:16px 24px}.artdeco-completeness-meter{height:8px;background:#e8e8e8;border-radius:4px;margin:0 24px}
.artdeco-completeness-meter span{display:block;height:100%;background:#0a66c2;border-radius:4px}.footer{display:flex;justify-content:flex-end;gap:8px;padding:16px 24px;border-top:1px solid #e8e8e8}
.artdeco-button--primary{background:#0a66c2;color:#fff;border:0;border-radius:24px;padding:6px 16px;font-weight:600}.artdeco-button--secondary{background:#fff;color:#0a66c2;border:1px solid #0a66c2;border-radius:24px;padding:6px 16px;font-weight:600}
.jobs-document-upload__upload-button{display:inline-block;border:1px solid #0a66c2;color:#0a66c2;border-radius:24px;padding:6px 16px;cursor:pointer}.artdeco-inline-feedback{color:#b24020}
.post-apply{padding:24px}.badge-applied{color:#057642;font-weight:600}.artdeco-toast{background:#38434f;color:#fff;padding:12px 16px;border-radius:8px;margin:12px 24px}`,
  naukri: `body{background:#f7f8fc;color:#121224}.nI-gNb-header{background:#fff;padding:12px 24px;box-shadow:0 1px 4px rgba(0,0,0,.08);font-weight:700;color:#275df5;font-size:20px}
.styles_jd-header{max-width:760px;margin:24px auto;background:#fff;border-radius:16px;padding:24px;box-shadow:0 6px 12px rgba(30,10,58,.04)}
.styles_jd-header h1{font-size:20px;margin:0}.styles_apply-button{background:#275df5;color:#fff;border:0;border-radius:50px;padding:10px 28px;font-weight:600;margin-top:16px}
.styles_login-apply{background:#fff;color:#275df5;border:1px solid #275df5;border-radius:50px;padding:10px 28px;font-weight:600;margin:16px 8px 0 0}
.styles_already-applied{color:#8292b4;border:1px solid #8292b4;border-radius:50px;padding:10px 28px;margin-top:16px;display:inline-block}
.chatbot_Drawer{position:fixed;right:0;top:0;bottom:0;width:min(440px,100vw);background:#fff;box-shadow:-4px 0 16px rgba(0,0,0,.15);display:flex;flex-direction:column}
.chatbot_DrawerHeader{background:#275df5;color:#fff;padding:14px 16px;font-weight:600}.chatbot_MessageContainer{flex:1;overflow:auto;padding:12px;list-style:none;margin:0}
.botItem .botMsg{background:#f1f4fc;border-radius:0 12px 12px 12px;padding:8px 12px;margin:8px 40px 8px 0}.userItem .userMsg{background:#275df5;color:#fff;border-radius:12px 0 12px 12px;padding:8px 12px;margin:8px 0 8px 40px;text-align:right}
.chatbot_InputContainer{border-top:1px solid #e7e7f1;padding:12px}.textArea{border:1px solid #c7c7d1;border-radius:8px;padding:8px;min-height:36px}
.sendMsg{background:#275df5;color:#fff;border:0;border-radius:50px;padding:8px 20px;margin-top:8px;font-weight:600}.ssrc__radio-btn-container{display:flex;gap:8px;flex-wrap:wrap}
.ssrc__radio-btn{position:relative}.ssrc__radio-btn input{position:absolute;inset:0;margin:0;opacity:0;width:100%;height:100%}
.chipsContainer label{border:1px solid #275df5;border-radius:50px;padding:4px 12px;color:#275df5;font-weight:400;margin:0}.ssrc__radio-btn input:checked+label{background:#275df5;color:#fff}
.ssrc__radio-btn input:focus-visible+label{outline:2px solid #121224}.skipMsg{background:none;border:0;color:#275df5;margin-left:12px}.apply-message{color:#1a8f4e;font-weight:600;margin-top:16px}.styles_error{color:#d0342c;margin-top:12px}`,
  indeed: `body{background:#fff;color:#2d2d2d}.gnav{border-bottom:1px solid #e4e2e0;padding:12px 24px;font-weight:700;color:#2557a7;font-size:20px;display:flex;justify-content:space-between}.gnav a,.gnav nav{font-size:14px;color:#2557a7}
.jobsearch-ViewJobLayout{max-width:760px;margin:24px auto;padding:0 16px}.jobsearch-JobInfoHeader-title{font-size:24px;margin:0}
#indeedApplyButton{background:#2557a7;color:#fff;border:0;border-radius:8px;padding:10px 20px;font-weight:700;margin-top:16px;display:inline-block;text-decoration:none}
.ia-BasePage{max-width:560px;margin:24px auto;padding:0 16px}.ia-BasePage h1{font-size:22px}.ia-continueButton{background:#2557a7;color:#fff;border:0;border-radius:8px;padding:10px 20px;font-weight:700;margin-top:20px;width:100%}
.ia-Progress{height:6px;background:#e4e2e0;border-radius:3px;margin:12px 0}.ia-Progress span{display:block;height:100%;background:#2557a7;border-radius:3px}
.ia-Review dt{font-weight:600;margin-top:8px}.ia-Review dd{margin:0 0 4px}.css-applied{color:#1f662c;font-weight:700;margin-top:16px}`,
};

type Draft = {
  contact: Record<string, string>;
  resume: ApplySubmission["resume"];
  coverLetter: string | null;
  answers: Record<string, string>;
};

export class ApplyPortalFakes {
  url = "";
  sessions: Record<ApplyPortal, Set<string>> = freshSessions();
  scenarios: Record<ApplyPortal, ApplyPortalScenario> = { linkedin: {}, naukri: {}, indeed: {} };
  submissions: ApplySubmission[] = [];
  /** Every request: portal, method, path (tests check what a flow touched). */
  requests: { portal: ApplyPortal | null; method: string; path: string; at: number }[] = [];
  /** Indeed's server-side drafts by `session|jk`. */
  #drafts = new Map<string, Draft>();

  reset(): void {
    this.sessions = freshSessions();
    this.scenarios = { linkedin: {}, naukri: {}, indeed: {} };
    this.submissions = [];
    this.requests = [];
    this.#drafts.clear();
  }

  setScenario(portal: ApplyPortal, scenario: ApplyPortalScenario): void {
    this.scenarios[portal] = scenario;
  }

  submissionsFor(
    portal: ApplyPortal,
    jobId: string,
    session = FAKE_APPLY_SESSIONS[portal],
  ): ApplySubmission[] {
    return this.submissions.filter((s) => s.portal === portal && s.jobId === jobId && s.session === session);
  }

  questions(portal: ApplyPortal): FakeQuestion[] {
    return this.scenarios[portal].questions ?? DEFAULT_QUESTIONS[portal];
  }

  #session(portal: ApplyPortal, req: IncomingMessage): string | null {
    const value = cookies(req)[SESSION_COOKIE[portal]];
    return value && this.sessions[portal].has(value) ? value : null;
  }

  #applied(portal: ApplyPortal, session: string, jobId: string): boolean {
    return (
      (this.scenarios[portal].appliedBefore ?? []).includes(jobId) ||
      this.submissions.some((s) => s.portal === portal && s.session === session && s.jobId === jobId)
    );
  }

  #record(
    portal: ApplyPortal,
    session: string,
    jobId: string,
    draft: Draft,
  ): ApplySubmission | "already_applied" {
    if (this.#applied(portal, session, jobId)) return "already_applied";
    const prefix = { linkedin: "", naukri: "NK", indeed: "IA" }[portal];
    const sub: ApplySubmission = {
      portal,
      session,
      jobId,
      applicationId: `${prefix}${Date.now().toString().slice(-6)}${randomUUID().replace(/\D/g, "").slice(0, 6)}`,
      at: Date.now(),
      ...draft,
    };
    this.submissions.push(sub);
    return sub;
  }

  handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", this.url || "http://127.0.0.1");
    const p = url.pathname;
    const method = req.method ?? "GET";
    const portal: ApplyPortal | null =
      p.startsWith("/jobs/view/") ||
      p.startsWith("/voyager/") ||
      p === "/authwall" ||
      p.startsWith("/checkpoint/")
        ? "linkedin"
        : p.startsWith("/job-listings-") || p.startsWith("/cloudgateway-apply/") || p === "/nlogin/login"
          ? "naukri"
          : p === "/viewjob" || p.startsWith("/indeedapply/") || p === "/account/login"
            ? "indeed"
            : null;
    this.requests.push({ portal, method, path: p, at: Date.now() });

    if (p === "/__fake/apply/reset" && method === "POST") {
      this.reset();
      return json(res, 200, { ok: true });
    }
    if (p === "/__fake/apply/submissions") return json(res, 200, this.submissions);

    const job = /^\/jobs\/view\/(?:[a-z0-9-]+-)?(\d+)\/?$/.exec(p);
    const easy = /^\/voyager\/api\/jobs\/easyApply\/(\d+)$/.exec(p);
    const listing = /^\/job-listings-(?:[a-z0-9-]+-)?(\d{6,})$/.exec(p);
    if (job && method === "GET") return this.#linkedinJob(req, res, job[1] ?? "");
    if (easy && method === "POST") return this.#linkedinSubmit(req, url, res, easy[1] ?? "");
    if (p === "/authwall") return this.#linkedinAuthwall(res);
    if (p.startsWith("/checkpoint/challenge")) return this.#linkedinChallenge(res);
    if (p === "/checkpoint/lg/restricted") return this.#linkedinRestricted(res);

    if (listing && method === "GET") return this.#naukriJob(req, res, listing[1] ?? "");
    if (p === "/cloudgateway-apply/v2/apply" && method === "POST") return this.#naukriSubmit(req, res);
    if (p === "/nlogin/login") return html(res, page("naukri", "Login | Naukri.com", NAUKRI_LOGIN));

    if (p === "/viewjob" && method === "GET") return this.#indeedJob(req, url, res);
    if (p.startsWith("/indeedapply/form/")) return this.#indeedForm(req, url, res);
    if (p === "/account/login") return html(res, page("indeed", "Sign In | Indeed Accounts", INDEED_LOGIN));

    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  };

  // ── LinkedIn ──────────────────────────────────────────────────────────────────────────────

  #linkedinBlocked(res: ServerResponse, block: PortalBlock | undefined): boolean {
    if (block === "rate_limited") {
      html(res, page("linkedin", "LinkedIn", LINKEDIN_429), 429);
      return true;
    }
    if (block === "captcha") {
      redirect(res, "/checkpoint/challenge/AgHm3fakeChallenge?ut=0");
      return true;
    }
    if (block === "restricted") {
      redirect(res, "/checkpoint/lg/restricted");
      return true;
    }
    if (block === "sign_in") {
      redirect(res, "/authwall?trk=job_view&sessionRedirect=1");
      return true;
    }
    return false;
  }

  #linkedinAuthwall(res: ServerResponse) {
    html(res, page("linkedin", "Sign Up | LinkedIn", LINKEDIN_AUTHWALL));
  }
  #linkedinChallenge(res: ServerResponse) {
    html(res, page("linkedin", "Security Verification | LinkedIn", LINKEDIN_CHALLENGE));
  }
  #linkedinRestricted(res: ServerResponse) {
    html(res, page("linkedin", "Account restricted | LinkedIn", LINKEDIN_RESTRICTED));
  }

  #linkedinJob(req: IncomingMessage, res: ServerResponse, jobId: string) {
    const sc = this.scenarios.linkedin;
    if (this.#linkedinBlocked(res, sc.block)) return;
    const session = this.#session("linkedin", req);
    if (!session)
      return redirect(
        res,
        `/authwall?trk=job_view&sessionRedirect=${encodeURIComponent(`/jobs/view/${jobId}`)}`,
      );
    const closed = (sc.closed ?? []).includes(jobId);
    const applied = this.#applied("linkedin", session, jobId);
    const top = `<header class="global-nav"><span class="li-logo" aria-label="LinkedIn">in</span><nav aria-label="Primary">Home · My Network · Jobs · Messaging · Notifications · Me</nav></header>`;
    const action = closed
      ? `<div class="jobs-details-top-card__apply-error artdeco-inline-feedback" role="status"><span class="artdeco-inline-feedback__message">No longer accepting applications</span></div>`
      : applied
        ? `<div class="jobs-s-apply__application-link"><span class="badge-applied post-apply-timeline__entity-time">Applied 2 minutes ago</span> · <a href="/jobs/tracker/applied/">See application</a></div>`
        : `<button class="jobs-apply-button artdeco-button--primary" id="jobs-apply-button-id" aria-label="Easy Apply to ${esc(JOB.title)} at ${esc(JOB.company)}">Easy Apply</button>`;
    const questions = this.questions("linkedin");
    const half = Math.ceil(questions.length / 2);
    const steps = [questions.slice(0, half), questions.slice(half)].filter((s) => s.length > 0);
    const body = `${top}<main class="scaffold" id="main"><div class="jobs-unified-top-card">
<h1 class="jobs-unified-top-card__job-title">${esc(JOB.title)}</h1>
<div class="jobs-unified-top-card__primary-description">${esc(JOB.company)} · ${esc(JOB.location)} · 2 days ago · 87 applicants</div>
<div class="jobs-unified-top-card__job-insight">Full-time · Hybrid · Mid-Senior level</div>${action}</div>
<section class="jobs-description"><h2>About the job</h2><p>Build and run the services behind our digital banking platform with TypeScript, Node.js and PostgreSQL.</p></section></main>
${closed || applied ? "" : linkedinModal(jobId, steps)}`;
    html(
      res,
      page(
        "linkedin",
        `${JOB.title} | ${JOB.company} | LinkedIn`,
        body,
        closed || applied ? "" : LINKEDIN_SCRIPT,
      ),
    );
  }

  async #linkedinSubmit(req: IncomingMessage, url: URL, res: ServerResponse, jobId: string) {
    const sc = this.scenarios.linkedin;
    const session = this.#session("linkedin", req);
    if (!session) return json(res, 401, { status: 401, message: "Unauthorized" });
    if (sc.block === "rate_limited" || sc.blockOnSubmit === "rate_limited")
      return json(res, 429, { status: 429, code: "EASY_APPLY_LIMIT" });
    if (sc.blockOnSubmit === "captcha")
      return json(res, 403, {
        status: 403,
        code: "CHALLENGE",
        location: "/checkpoint/challenge/AgHm3fakeSubmit",
      });
    if ((sc.closed ?? []).includes(jobId)) return json(res, 410, { status: 410, code: "JOB_CLOSED" });
    const form = await formData(req, url);
    const contact: Record<string, string> = {};
    for (const k of ["firstName", "lastName", "email", "phoneCountry", "phoneNumber"])
      contact[k] = String(form.get(k) ?? "");
    const answers: Record<string, string> = {};
    for (const q of this.questions("linkedin")) {
      const name = linkedinFieldName(jobId, q);
      const values = form
        .getAll(name)
        .map(String)
        .filter((v) => v.trim());
      if (values.length) answers[q.id] = values.join("\n");
      if (q.required && !values.some((v) => v.trim()))
        return json(res, 400, { status: 400, code: "MISSING_ANSWER" });
    }
    const resume = await resumeOf(form, "resume");
    if (!resume) return json(res, 400, { status: 400, code: "MISSING_RESUME" });
    const cover = String(form.get("coverLetter") ?? "");
    const rec = this.#record("linkedin", session, jobId, {
      contact,
      answers,
      resume,
      coverLetter: cover || null,
    });
    if (rec === "already_applied") return json(res, 409, { status: 409, code: "ALREADY_APPLIED" });
    return json(res, 201, {
      applicationId: rec.applicationId,
      jobPostingUrn: `urn:li:fsd_jobPosting:${jobId}`,
    });
  }

  // ── Naukri ────────────────────────────────────────────────────────────────────────────────

  #naukriJob(req: IncomingMessage, res: ServerResponse, jobId: string) {
    const sc = this.scenarios.naukri;
    if (sc.block === "rate_limited")
      return html(res, page("naukri", "Access Denied", NAUKRI_429), 429, { "retry-after": "600" });
    if (sc.block === "captcha") return html(res, page("naukri", "Naukri.com", NAUKRI_CAPTCHA));
    if (sc.block === "restricted") return html(res, page("naukri", "Naukri.com", NAUKRI_RESTRICTED));
    const session = sc.block === "sign_in" ? null : this.#session("naukri", req);
    const closed = (sc.closed ?? []).includes(jobId);
    const applied = session ? this.#applied("naukri", session, jobId) : false;
    const action = closed
      ? `<div class="styles_error" role="status">This job is no longer accepting applications</div>`
      : !session
        ? `<a class="styles_login-apply" id="login-apply-button" href="/nlogin/login?URL=/job-listings-${jobId}">Login to apply</a><a class="styles_login-apply" id="reg-apply-button" href="/registration/createAccount">Register to apply</a>`
        : applied
          ? `<span class="styles_already-applied" id="already-applied">Applied</span>`
          : `<button class="styles_apply-button" id="apply-button">Apply</button>`;
    const body = `<header class="nI-gNb-header">naukri</header><main class="styles_jd-header" id="job_header">
<h1 class="styles_jd-header-title" title="${esc(JOB.title)}">${esc(JOB.title)}</h1>
<div class="styles_jd-header-comp-name"><a href="#">${esc(JOB.company)}</a> <span>3.7 ★ 46143 Reviews</span></div>
<div class="styles_jhc__exp">5 - 10 years</div><div class="styles_jhc__salary">18-25 Lacs P.A.</div><div class="styles_jhc__location">Bengaluru</div>
<div class="styles_jhc__jd-stats">Posted: 2 days ago · Openings: 3 · Applicants: 100+</div>${action}
<div id="apply-status" role="status"></div></main>
${!closed && session && !applied ? naukriDrawer(jobId, this.questions("naukri")) : ""}`;
    html(
      res,
      page(
        "naukri",
        `${JOB.title} - ${JOB.company} - 5 to 10 years of experience - Naukri.com`,
        body,
        NAUKRI_SCRIPT,
      ),
    );
  }

  async #naukriSubmit(req: IncomingMessage, res: ServerResponse) {
    const sc = this.scenarios.naukri;
    const session = sc.block === "sign_in" ? null : this.#session("naukri", req);
    if (!session) return json(res, 401, { statusCode: 401, message: "Please login to apply" });
    if (sc.block === "rate_limited" || sc.blockOnSubmit === "rate_limited")
      return json(res, 429, {
        statusCode: 429,
        message: "You have reached the daily quota of applies. Please try again tomorrow.",
      });
    if (sc.blockOnSubmit === "captcha")
      return json(res, 403, { statusCode: 403, message: "captcha required", captcha: true });
    let body: { jobId?: string; answers?: Record<string, string> } = {};
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return json(res, 400, { statusCode: 400, message: "bad request" });
    }
    const jobId = String(body.jobId ?? "");
    if ((sc.closed ?? []).includes(jobId)) return json(res, 410, { statusCode: 410, message: "Job expired" });
    const answers = body.answers ?? {};
    for (const q of this.questions("naukri"))
      if (q.required && !String(answers[q.id] ?? "").trim())
        return json(res, 400, { statusCode: 400, message: `Answer required: ${q.label}` });
    const rec = this.#record("naukri", session, jobId, {
      contact: {},
      answers,
      resume: null,
      coverLetter: null,
    });
    if (rec === "already_applied")
      return json(res, 409, { statusCode: 409, message: "You have already applied to this job" });
    return json(res, 200, { applyStatus: { [jobId]: "success" }, applicationId: rec.applicationId });
  }

  // ── Indeed ────────────────────────────────────────────────────────────────────────────────

  #indeedBlocked(res: ServerResponse): boolean {
    const block = this.scenarios.indeed.block;
    if (block === "rate_limited") {
      html(res, page("indeed", "Too Many Requests", INDEED_429), 429);
      return true;
    }
    if (block === "captcha") {
      html(res, page("indeed", "hCaptcha | Indeed", INDEED_CAPTCHA), 403);
      return true;
    }
    if (block === "restricted") {
      html(res, page("indeed", "Account suspended | Indeed", INDEED_RESTRICTED));
      return true;
    }
    return false;
  }

  #indeedJob(req: IncomingMessage, url: URL, res: ServerResponse) {
    if (this.#indeedBlocked(res)) return;
    const jk = url.searchParams.get("jk") ?? "";
    if (!/^[0-9a-f]{16}$/.test(jk))
      return html(res, page("indeed", "Indeed", "<main><h1>Page not found</h1></main>"), 404);
    const sc = this.scenarios.indeed;
    const session = sc.block === "sign_in" ? null : this.#session("indeed", req);
    const closed = (sc.closed ?? []).includes(jk);
    const applied = session ? this.#applied("indeed", session, jk) : false;
    const action = closed
      ? `<div class="jobsearch-JobInfoHeader-expiredHeader" role="status">This job has expired on Indeed</div>`
      : applied
        ? `<div class="css-applied" id="applied-status" role="status">Applied · You applied to this job</div>`
        : `<a id="indeedApplyButton" class="jobsearch-IndeedApplyButton" href="/indeedapply/form/contact-info?jk=${jk}" aria-label="Apply now (opens in a new tab)">Apply now</a>`;
    const account = session
      ? `<nav aria-label="Account"><a href="/myjobs">My jobs</a></nav>`
      : `<a class="gnav-signin" href="/account/login?hl=en_IN&amp;co=IN">Sign in</a>`;
    const body = `<header class="gnav"><span>indeed</span> ${account}</header><main class="jobsearch-ViewJobLayout">
<h1 class="jobsearch-JobInfoHeader-title">${esc(JOB.title)}</h1>
<div data-testid="inlineHeader-companyName">${esc(JOB.company)}</div><div data-testid="inlineHeader-companyLocation">Pune, Maharashtra</div>
<div id="salaryInfoAndJobType">₹18,00,000 - ₹25,00,000 a year · Full-time</div>${action}
<div id="jobDescriptionText"><p>We are looking for a Java engineer to build payment services.</p></div></main>`;
    html(res, page("indeed", `${JOB.title} - Pune, Maharashtra - Indeed.com`, body));
  }

  async #indeedForm(req: IncomingMessage, url: URL, res: ServerResponse) {
    if (this.#indeedBlocked(res)) return;
    const sc = this.scenarios.indeed;
    const jk = url.searchParams.get("jk") ?? "";
    const session = sc.block === "sign_in" ? null : this.#session("indeed", req);
    if (!session)
      return redirect(
        res,
        `/account/login?hl=en_IN&co=IN&continue=${encodeURIComponent(url.pathname + url.search)}`,
      );
    if (!/^[0-9a-f]{16}$/.test(jk)) return html(res, page("indeed", "Indeed", "<h1>Not found</h1>"), 404);
    if ((sc.closed ?? []).includes(jk)) return redirect(res, `/viewjob?jk=${jk}`);
    const step = url.pathname.slice("/indeedapply/form/".length);
    const key = `${session}|${jk}`;
    const draft = this.#drafts.get(key) ?? { contact: {}, resume: null, coverLetter: null, answers: {} };
    this.#drafts.set(key, draft);
    const questions = this.questions("indeed");
    const half = Math.ceil(questions.length / 2);
    const qPages = [questions.slice(0, half), questions.slice(half)].filter((s) => s.length > 0);
    const total = 3 + qPages.length;
    const q = `?jk=${jk}`;
    const method = req.method ?? "GET";

    if (step === "post-apply") {
      const appId = url.searchParams.get("applicationId") ?? "";
      return html(res, page("indeed", "Application submitted | Indeed", indeedPostApply(appId)));
    }
    if (this.#applied("indeed", session, jk) && step !== "post-apply")
      return html(res, page("indeed", "Indeed Apply", INDEED_ALREADY));

    if (step === "contact-info") {
      if (method === "POST") {
        const f = await formData(req, url);
        for (const k of ["firstName", "lastName", "phoneNumber", "location.city"])
          draft.contact[k] = String(f.get(k) ?? "");
        const missing = ["firstName", "lastName", "phoneNumber"].filter((k) => !draft.contact[k]?.trim());
        if (!missing.length) return redirect(res, `/indeedapply/form/resume${q}`);
      }
      return html(
        res,
        page(
          "indeed",
          "Add your contact information | Indeed Apply",
          indeedContact(jk, draft, total, method === "POST"),
        ),
      );
    }
    if (step === "resume") {
      if (method === "POST") {
        const f = await formData(req, url);
        const file = await resumeOf(f, "resumeFile");
        if (file) draft.resume = file;
        const cover = String(f.get("coverLetter") ?? "");
        draft.coverLetter = cover || null;
        if (draft.resume) return redirect(res, `/indeedapply/form/questions/1${q}`);
      }
      return html(
        res,
        page(
          "indeed",
          "Add a resume for the employer | Indeed Apply",
          indeedResume(jk, total, method === "POST"),
        ),
      );
    }
    const qm = /^questions\/(\d+)$/.exec(step);
    if (qm) {
      const n = Number(qm[1]);
      const list = qPages[n - 1];
      if (!list) return redirect(res, `/indeedapply/form/review${q}`);
      const errors: string[] = [];
      if (method === "POST") {
        const f = await formData(req, url);
        for (const question of list) {
          const values = f
            .getAll(`q_${question.id}`)
            .map(String)
            .filter((v) => v.trim());
          if (values.length) draft.answers[question.id] = values.join("\n");
          else delete draft.answers[question.id];
          if (question.required && !values.length) errors.push(question.id);
        }
        if (!errors.length)
          return redirect(
            res,
            n < qPages.length ? `/indeedapply/form/questions/${n + 1}${q}` : `/indeedapply/form/review${q}`,
          );
      }
      return html(
        res,
        page(
          "indeed",
          "Answer these questions from the employer | Indeed Apply",
          indeedQuestions(jk, n, list, errors, 2 + n, total),
        ),
      );
    }
    if (step === "review") {
      return html(
        res,
        page(
          "indeed",
          "Please review your application | Indeed Apply",
          indeedReview(jk, draft, questions, total),
        ),
      );
    }
    if (step === "submit" && method === "POST") {
      if (sc.blockOnSubmit === "rate_limited")
        return html(res, page("indeed", "Too Many Requests", INDEED_429), 429);
      if (sc.blockOnSubmit === "captcha")
        return html(res, page("indeed", "hCaptcha | Indeed", INDEED_CAPTCHA), 403);
      await readBody(req);
      const missing = questions.some((x) => x.required && !draft.answers[x.id]) || !draft.resume;
      if (missing) return redirect(res, `/indeedapply/form/review${q}`);
      const rec = this.#record("indeed", session, jk, { ...draft });
      this.#drafts.delete(key);
      if (rec === "already_applied") return html(res, page("indeed", "Indeed Apply", INDEED_ALREADY));
      return redirect(res, `/indeedapply/form/post-apply${q}&applicationId=${rec.applicationId}`);
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  }
}

function freshSessions(): Record<ApplyPortal, Set<string>> {
  return {
    linkedin: new Set([FAKE_APPLY_SESSIONS.linkedin]),
    naukri: new Set([FAKE_APPLY_SESSIONS.naukri]),
    indeed: new Set([FAKE_APPLY_SESSIONS.indeed]),
  };
}

// ── LinkedIn markup ─────────────────────────────────────────────────────────────────────────

function linkedinFieldName(jobId: string, q: FakeQuestion): string {
  const kind = {
    text: "text",
    number: "numeric",
    select: "multipleChoice",
    radio: "multipleChoice",
    checkbox: "checkbox",
  }[q.kind];
  return `urn:li:fsd_formElement:urn:li:jobs_applyformcommon_easyApplyFormElement:(${jobId},${q.id},${kind})`;
}

function linkedinQuestion(jobId: string, q: FakeQuestion, n: number): string {
  const name = esc(linkedinFieldName(jobId, q));
  const id = `fb-q-${n}`;
  const req = q.required ? " required" : "";
  const star = q.required
    ? `<span class="fb-dash-form-element__label-title--is-required" aria-hidden="true">*</span>`
    : "";
  if (q.kind === "radio" || q.kind === "checkbox") {
    const opts = (q.options ?? [q.label])
      .map(
        (o, i) =>
          `<div class="opt fb-text-selectable__option"><input type="${q.kind}" id="${id}-${i}" name="${name}" value="${esc(o)}"${q.kind === "radio" ? req : ""}><label for="${id}-${i}">${esc(o)}</label></div>`,
      )
      .join("");
    return `<fieldset class="fb-dash-form-element" data-test-form-builder-radio-button-form-component="true"${q.required ? ' aria-required="true"' : ""}>
<legend><span class="fb-dash-form-element__label">${esc(q.label)}</span>${star}</legend>${opts}
<div class="artdeco-inline-feedback" hidden role="alert">Please make a selection</div></fieldset>`;
  }
  const control =
    q.kind === "select"
      ? `<select id="${id}" name="${name}"${req}><option value="">Select an option</option>${(q.options ?? []).map((o) => `<option value="${esc(o)}">${esc(o)}</option>`).join("")}</select>`
      : `<input type="text" id="${id}" name="${name}"${q.kind === "number" ? ' inputmode="numeric" data-numeric="true"' : ""}${req} class="artdeco-text-input--input">`;
  return `<div class="fb-dash-form-element"><label for="${id}"><span>${esc(q.label)}</span>${star}</label>${control}
<div class="artdeco-inline-feedback" hidden role="alert">${q.kind === "number" ? "Enter a whole number between 0 and 99" : "Please enter a valid answer"}</div></div>`;
}

function linkedinModal(jobId: string, steps: FakeQuestion[][]): string {
  let n = 0;
  const questionSteps = steps
    .map(
      (list) =>
        `<section class="jobs-easy-apply-form-section" data-step hidden><h3 class="t-16 t-bold">Additional Questions</h3>${list.map((q) => linkedinQuestion(jobId, q, n++)).join("")}</section>`,
    )
    .join("");
  return `<div class="artdeco-modal-overlay" id="easy-apply-overlay" hidden>
<div class="jobs-easy-apply-modal artdeco-modal" role="dialog" aria-modal="true" aria-labelledby="jobs-apply-header" data-job-id="${jobId}">
<div class="artdeco-modal__header"><h2 id="jobs-apply-header">Apply to ${esc(JOB.company)}</h2><button type="button" class="artdeco-modal__dismiss" aria-label="Dismiss">✕</button></div>
<div class="artdeco-completeness-meter" role="progressbar" aria-label="Your job application progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><span style="width:0%"></span></div>
<form class="jobs-easy-apply-content" novalidate>
<section class="jobs-easy-apply-form-section" data-step><h3 class="t-16 t-bold">Contact info</h3>
<div class="fb-dash-form-element"><label for="fn">First name</label><input type="text" id="fn" name="firstName" value="${esc(FAKE_PROFILE.firstName)}" required><div class="artdeco-inline-feedback" hidden role="alert">Please enter a valid answer</div></div>
<div class="fb-dash-form-element"><label for="ln">Last name</label><input type="text" id="ln" name="lastName" value="${esc(FAKE_PROFILE.lastName)}" required><div class="artdeco-inline-feedback" hidden role="alert">Please enter a valid answer</div></div>
<div class="fb-dash-form-element"><label for="em">Email address</label><select id="em" name="email" required><option value="">Select an option</option><option value="${esc(FAKE_PROFILE.email)}" selected>${esc(FAKE_PROFILE.email)}</option></select></div>
<div class="fb-dash-form-element"><label for="pc">Phone country code</label><select id="pc" name="phoneCountry" required><option value="India (+91)" selected>India (+91)</option><option value="United States (+1)">United States (+1)</option></select></div>
<div class="fb-dash-form-element"><label for="ph">Mobile phone number</label><input type="tel" id="ph" name="phoneNumber" required><div class="artdeco-inline-feedback" hidden role="alert">Please enter a valid answer</div></div>
</section>
<section class="jobs-easy-apply-form-section" data-step hidden><h3 class="t-16 t-bold">Resume</h3><p>Be sure to include an updated resume <span aria-hidden="true">*</span></p>
<label class="jobs-document-upload__upload-button" for="jobs-document-upload-file-input-upload-resume">Upload resume</label>
<input type="file" id="jobs-document-upload-file-input-upload-resume" name="resume" accept=".pdf,.doc,.docx" required hidden>
<p class="jobs-document-upload__file-name" aria-live="polite"></p><p class="t-12">DOC, DOCX, PDF (2 MB)</p>
<div class="artdeco-inline-feedback" hidden role="alert">A resume is required</div>
<label for="cover-letter">Cover letter</label><textarea id="cover-letter" name="coverLetter" rows="5"></textarea></section>
${questionSteps}
<section class="jobs-easy-apply-form-section" data-step data-review hidden><h3 class="t-16 t-bold">Review your application</h3>
<p>The employer will also receive a copy of your profile.</p><dl class="review"></dl>
<label class="opt"><input type="checkbox" id="follow-company-checkbox" checked> Follow ${esc(JOB.company)} to stay up to date with their page.</label></section>
<div class="artdeco-toast" role="alert" hidden></div>
</form>
<div class="footer"><button type="button" class="artdeco-button--secondary" data-back hidden>Back</button>
<button type="button" class="artdeco-button--primary" data-next aria-label="Continue to next step">Next</button>
<button type="button" class="artdeco-button--primary" data-review-btn aria-label="Review your application" hidden>Review</button>
<button type="button" class="artdeco-button--primary" data-submit aria-label="Submit application" hidden>Submit application</button></div>
<div class="post-apply" hidden><h3>Your application was sent to ${esc(JOB.company)}!</h3><p class="application-id">Application ID <span data-application-id></span></p><button type="button" class="artdeco-button--primary">Done</button></div>
</div></div>`;
}

const LINKEDIN_SCRIPT = `(() => {
  const overlay = document.getElementById("easy-apply-overlay");
  const modal = overlay.querySelector("[role=dialog]");
  const form = modal.querySelector("form");
  const steps = [...form.querySelectorAll("[data-step]")];
  const meter = modal.querySelector("[role=progressbar]");
  const btn = (s) => modal.querySelector(s);
  const toast = form.querySelector(".artdeco-toast");
  let at = 0;
  const show = () => {
    steps.forEach((s, i) => (s.hidden = i !== at));
    const pct = Math.round((at / (steps.length - 1)) * 100);
    meter.setAttribute("aria-valuenow", String(pct));
    meter.firstElementChild.style.width = pct + "%";
    btn("[data-back]").hidden = at === 0;
    btn("[data-next]").hidden = at >= steps.length - 2;
    btn("[data-review-btn]").hidden = at !== steps.length - 2;
    btn("[data-submit]").hidden = at !== steps.length - 1;
    if (steps[at].hasAttribute("data-review")) {
      const dl = steps[at].querySelector("dl"); dl.textContent = "";
      for (const s of steps.slice(0, -1)) for (const el of s.querySelectorAll("input:not([type=radio]):not([type=checkbox]),select,textarea,input:checked")) {
        const v = el.type === "file" ? (el.files[0] ? el.files[0].name : "") : el.value;
        if (!v) continue;
        const dt = document.createElement("dt"); dt.textContent = (el.closest("fieldset")?.querySelector("legend") || el.labels?.[0] || {textContent: el.name}).textContent.replace("*", "").trim();
        const dd = document.createElement("dd"); dd.textContent = v; dl.append(dt, dd);
      }
    }
  };
  const valid = () => {
    let ok = true;
    for (const block of steps[at].querySelectorAll(".fb-dash-form-element, [data-step] > input[type=file]")) {
      const el = block.matches("input") ? block : block.querySelector("input,select,textarea");
      const fb = block.matches("input") ? steps[at].querySelector(".artdeco-inline-feedback") : block.querySelector(".artdeco-inline-feedback");
      let bad = false;
      if (el.type === "radio" || el.type === "checkbox") bad = block.getAttribute("aria-required") === "true" && !block.querySelector("input:checked");
      else if (el.type === "file") bad = el.required && !el.files.length;
      else bad = (el.required && !el.value.trim()) || (el.dataset.numeric && el.value.trim() && !/^\\d{1,2}(\\.\\d)?$/.test(el.value.trim()));
      if (fb) fb.hidden = !bad;
      if (bad) ok = false;
    }
    return ok;
  };
  document.getElementById("jobs-apply-button-id").addEventListener("click", () => { overlay.hidden = false; at = 0; show(); });
  btn(".artdeco-modal__dismiss").addEventListener("click", () => { overlay.hidden = true; });
  btn("[data-back]").addEventListener("click", () => { at = Math.max(0, at - 1); show(); });
  for (const s of ["[data-next]", "[data-review-btn]"]) btn(s).addEventListener("click", () => { if (valid()) { at++; show(); } });
  const file = form.querySelector("input[type=file]");
  file.addEventListener("change", () => { form.querySelector(".jobs-document-upload__file-name").textContent = file.files[0] ? file.files[0].name + " · Uploaded just now" : ""; });
  btn("[data-submit]").addEventListener("click", async () => {
    btn("[data-submit]").disabled = true;
    const res = await fetch("/voyager/api/jobs/easyApply/" + modal.dataset.jobId, { method: "POST", body: new FormData(form), headers: { "csrf-token": "ajax:0000" } });
    const body = await res.json().catch(() => ({}));
    btn("[data-submit]").disabled = false;
    if (res.ok) {
      form.hidden = true; modal.querySelector(".footer").hidden = true; meter.hidden = true;
      const done = modal.querySelector(".post-apply"); done.hidden = false;
      done.querySelector("[data-application-id]").textContent = body.applicationId;
      return;
    }
    if (body.location) { location.href = body.location; return; }
    toast.hidden = false;
    toast.textContent = res.status === 429
      ? "You've reached the Easy Apply application limit for today. Save this job and come back tomorrow."
      : res.status === 409 ? "You've already applied to this job." : res.status === 410 ? "No longer accepting applications" : "Something went wrong. Please try again.";
  });
})();`;

const LINKEDIN_AUTHWALL = `<main class="scaffold"><h1>Join LinkedIn or sign in to continue</h1><p>Sign in to view more jobs</p>
<form action="/uas/login-submit" method="post"><label for="u">Email or phone</label><input type="text" id="u" name="session_key"><label for="pw">Password</label><input type="password" id="pw" name="session_password">
<button class="artdeco-button--primary" type="submit">Sign in</button></form></main>`;
const LINKEDIN_CHALLENGE = `<main class="scaffold"><h1>Let's do a quick security check</h1><p>We've noticed some unusual activity. Please complete this security verification.</p>
<div id="captcha-internal" class="captcha" role="img" aria-label="Security verification puzzle"><iframe title="Security verification" src="about:blank" width="300" height="150"></iframe></div></main>`;
const LINKEDIN_RESTRICTED = `<main class="scaffold"><h1>Your account has been restricted</h1><p>We've temporarily restricted your account because we detected activity that goes against our User Agreement (automated software). To continue, verify your identity.</p><a href="#">Get started</a></main>`;
const LINKEDIN_429 = `<main class="scaffold"><h1>HTTP ERROR 429</h1><p>Too many requests. Please try again later.</p></main>`;

// ── Naukri markup ───────────────────────────────────────────────────────────────────────────

function naukriDrawer(jobId: string, questions: FakeQuestion[]): string {
  const data = JSON.stringify({ jobId, questions }).replace(/</g, "\\u003c");
  return `<div class="chatbot_Drawer" id="_chatbot_drawer" role="dialog" aria-modal="true" aria-labelledby="chatbot-title" hidden>
<div class="chatbot_DrawerHeader" id="chatbot-title">${esc(JOB.company)} · Recruiter questions</div>
<ul class="chatbot_MessageContainer" aria-live="polite"></ul>
<div class="chatbot_InputContainer"></div></div>
<script type="application/json" id="chatbot-data">${data}</script>`;
}

const NAUKRI_SCRIPT = `(() => {
  const apply = document.getElementById("apply-button");
  if (!apply) return;
  const { jobId, questions } = JSON.parse(document.getElementById("chatbot-data").textContent);
  const drawer = document.getElementById("_chatbot_drawer");
  const list = drawer.querySelector(".chatbot_MessageContainer");
  const box = drawer.querySelector(".chatbot_InputContainer");
  const status = document.getElementById("apply-status");
  const answers = {};
  const say = (cls, text) => { const li = document.createElement("li"); li.className = cls + "Item"; const d = document.createElement("div"); d.className = cls + "Msg msg"; d.textContent = text; li.append(d); list.append(li); };
  const submit = async () => {
    const res = await fetch("/cloudgateway-apply/v2/apply", { method: "POST", headers: { "content-type": "application/json", appid: "121", systemid: "jobseeker" }, body: JSON.stringify({ jobId, answers }) });
    const body = await res.json().catch(() => ({}));
    drawer.hidden = true;
    if (res.ok) { apply.outerHTML = '<span class="styles_already-applied" id="already-applied">Applied</span>'; status.className = "apply-message"; status.textContent = "You have successfully applied to " + ${JSON.stringify(JOB.title)}; status.dataset.applicationId = body.applicationId || ""; return; }
    status.className = "styles_error";
    status.textContent = body.captcha ? "Please complete the captcha to verify you are human" : body.message || "Something went wrong";
  };
  const finish = () => {
    say("bot", "Thank you for your responses. Click Submit to apply for this job.");
    box.textContent = "";
    const b = document.createElement("button"); b.type = "button"; b.className = "sendMsg"; b.textContent = "Submit";
    b.addEventListener("click", () => { b.disabled = true; submit(); });
    box.append(b);
  };
  const ask = (i) => {
    if (i >= questions.length) return finish();
    const q = questions[i];
    say("bot", q.label + (q.required ? "" : " (optional)"));
    box.textContent = "";
    const wrap = document.createElement("div"); wrap.className = "chatbot_QuestionInput"; wrap.dataset.qid = q.id; wrap.dataset.kind = q.kind; wrap.dataset.required = String(q.required);
    wrap.setAttribute("role", "group"); wrap.setAttribute("aria-label", q.label);
    if (q.kind === "radio" || q.kind === "checkbox" || q.kind === "select") {
      const c = document.createElement("div"); c.className = "ssrc__radio-btn-container chipsContainer";
      q.options.forEach((o, n) => { const id = "chip-" + i + "-" + n; const inp = document.createElement("input"); inp.type = q.kind === "checkbox" ? "checkbox" : "radio"; inp.name = q.id; inp.id = id; inp.value = o; const l = document.createElement("label"); l.htmlFor = id; l.textContent = o; const d = document.createElement("div"); d.className = "ssrc__radio-btn"; d.append(inp, l); c.append(d); });
      wrap.append(c);
    } else {
      const t = document.createElement("div"); t.className = "textArea"; t.contentEditable = "true"; t.setAttribute("role", "textbox"); t.setAttribute("aria-label", q.label); t.dataset.placeholder = "Type message here..."; wrap.append(t);
    }
    const save = document.createElement("button"); save.type = "button"; save.className = "sendMsg"; save.textContent = "Save";
    const skip = document.createElement("button"); skip.type = "button"; skip.className = "skipMsg"; skip.textContent = "Skip this question"; skip.hidden = q.required;
    save.addEventListener("click", () => {
      const value = wrap.querySelector(".textArea") ? wrap.querySelector(".textArea").innerText.trim() : [...wrap.querySelectorAll("input:checked")].map((x) => x.value).join("\\n");
      if (!value) { if (!q.required) return; say("bot", "Please answer this question to continue"); return; }
      answers[q.id] = value; say("user", value.replace(/\\n/g, ", ")); ask(i + 1);
    });
    skip.addEventListener("click", () => { say("user", "Skipped"); ask(i + 1); });
    box.append(wrap, save, skip);
  };
  apply.addEventListener("click", () => {
    // A job without recruiter questions applies on this click (Naukri's one-click apply).
    if (questions.length === 0) { apply.disabled = true; submit(); return; }
    drawer.hidden = false; list.textContent = ""; for (const k in answers) delete answers[k];
    say("bot", "Hi ${FAKE_PROFILE.firstName}, thank you for showing interest. Kindly answer all the recruiter's questions to successfully apply for the job.");
    ask(0);
  });
})();`;

const NAUKRI_LOGIN = `<header class="nI-gNb-header">naukri</header><main class="styles_jd-header"><h1>Login</h1>
<form><label for="usernameField">Email ID / Username</label><input type="text" id="usernameField"><label for="passwordField">Password</label><input type="password" id="passwordField"><button class="styles_apply-button" type="button">Login</button></form></main>`;
const NAUKRI_429 = `<main class="styles_jd-header"><h1>Access Denied</h1><p>Too many requests from your account. Please try again after some time.</p></main>`;
const NAUKRI_CAPTCHA = `<header class="nI-gNb-header">naukri</header><main class="styles_jd-header"><h1>Please verify you are a human</h1>
<div class="g-recaptcha" data-sitekey="6LfakeSiteKey"><iframe title="reCAPTCHA" src="about:blank" width="304" height="78"></iframe></div></main>`;
const NAUKRI_RESTRICTED = `<header class="nI-gNb-header">naukri</header><main class="styles_jd-header"><h1>Your account has been temporarily restricted</h1>
<p>We noticed unusual apply activity from your account. Please contact support@naukri.com to restore access.</p></main>`;

// ── Indeed markup ───────────────────────────────────────────────────────────────────────────

function indeedShell(step: number, total: number, inner: string): string {
  const pct = Math.round((step / total) * 100);
  return `<header class="gnav">indeed</header><main class="ia-BasePage"><div class="ia-Progress" role="progressbar" aria-label="Application progress" aria-valuenow="${pct}" aria-valuemin="0" aria-valuemax="100"><span style="width:${pct}%"></span></div>
<div class="ia-JobHeader">${esc(JOB.title)} · ${esc(JOB.company)} · Pune, Maharashtra</div>${inner}</main>`;
}

function indeedContact(jk: string, draft: Draft, total: number, showErrors: boolean): string {
  const v = (k: string, d = "") => esc(draft.contact[k] ?? d);
  const err = (k: string) =>
    showErrors && !draft.contact[k]?.trim()
      ? `<div class="error" role="alert">This field is required</div>`
      : "";
  return indeedShell(
    1,
    total,
    `<h1>Add your contact information</h1><form method="post" action="/indeedapply/form/contact-info?jk=${jk}" enctype="application/x-www-form-urlencoded">
<label for="input-firstName">First name</label><input type="text" id="input-firstName" name="firstName" value="${v("firstName", FAKE_PROFILE.firstName)}" required>${err("firstName")}
<label for="input-lastName">Last name</label><input type="text" id="input-lastName" name="lastName" value="${v("lastName", FAKE_PROFILE.lastName)}" required>${err("lastName")}
<label for="input-phoneNumber">Phone number</label><input type="tel" id="input-phoneNumber" name="phoneNumber" value="${v("phoneNumber")}" required>${err("phoneNumber")}
<label for="input-location.city">City, State (optional)</label><input type="text" id="input-location.city" name="location.city" value="${v("location.city")}">
<p>Email: ${esc(FAKE_PROFILE.email)}</p><button class="ia-continueButton" type="submit">Continue</button></form>`,
  );
}

function indeedResume(jk: string, total: number, showErrors: boolean): string {
  return indeedShell(
    2,
    total,
    `<h1>Add a resume for the employer</h1><form method="post" action="/indeedapply/form/resume?jk=${jk}" enctype="multipart/form-data">
<div class="ia-Resume-upload"><label for="ia-resume-file">Upload a resume</label><p>Accepted file types: PDF, DOCX, RTF or TXT</p><input type="file" id="ia-resume-file" name="resumeFile" accept=".pdf,.docx,.rtf,.txt" required></div>
${showErrors ? `<div class="error" role="alert">Add a resume to continue</div>` : ""}
<label for="ia-cover">Cover letter (optional)</label><textarea id="ia-cover" name="coverLetter" rows="5"></textarea>
<button class="ia-continueButton" type="submit">Continue</button></form>`,
  );
}

function indeedQuestions(
  jk: string,
  n: number,
  list: FakeQuestion[],
  errors: string[],
  step: number,
  total: number,
): string {
  const items = list
    .map((q, i) => {
      const name = `q_${q.id}`;
      const id = `q_${n}_${i}`;
      const err = errors.includes(q.id) ? `<div class="error" role="alert">Answer this question</div>` : "";
      const label = `${esc(q.label)}${q.required ? "" : " (optional)"}`;
      if (q.kind === "radio" || q.kind === "checkbox")
        return `<fieldset class="ia-Questions-item"${q.required ? ' aria-required="true"' : ""}><legend>${label}</legend>${(
          q.options ?? []
        )
          .map(
            (o, k) =>
              `<div class="opt"><input type="${q.kind}" id="${id}_${k}" name="${name}" value="${esc(o)}"${q.required && q.kind === "radio" ? " required" : ""}><label for="${id}_${k}">${esc(o)}</label></div>`,
          )
          .join("")}${err}</fieldset>`;
      if (q.kind === "select")
        return `<div class="ia-Questions-item"><label for="${id}">${label}</label><select id="${id}" name="${name}"${q.required ? " required" : ""}><option value="">Select an option</option>${(q.options ?? []).map((o) => `<option value="${esc(o)}">${esc(o)}</option>`).join("")}</select>${err}</div>`;
      return `<div class="ia-Questions-item"><label for="${id}">${label}</label><input type="${q.kind === "number" ? "number" : "text"}" id="${id}" name="${name}"${q.required ? " required" : ""}>${err}</div>`;
    })
    .join("");
  return indeedShell(
    step,
    total,
    `<h1>Answer these questions from the employer</h1><form method="post" action="/indeedapply/form/questions/${n}?jk=${jk}" novalidate>${items}<button class="ia-continueButton" type="submit">Continue</button></form>`,
  );
}

function indeedReview(jk: string, draft: Draft, questions: FakeQuestion[], total: number): string {
  const rows = [
    ["Name", `${draft.contact.firstName ?? ""} ${draft.contact.lastName ?? ""}`],
    ["Phone", draft.contact.phoneNumber ?? ""],
    ["Resume", draft.resume?.fileName ?? "—"],
    ...questions.map((q) => [q.label, (draft.answers[q.id] ?? "—").replace(/\n/g, ", ")]),
  ]
    .map(([k, v]) => `<dt>${esc(k ?? "")}</dt><dd>${esc(v ?? "")}</dd>`)
    .join("");
  return indeedShell(
    total,
    total,
    `<h1>Please review your application</h1><p>You will not be able to make changes after you submit your application.</p><dl class="ia-Review">${rows}</dl>
<form method="post" action="/indeedapply/form/submit?jk=${jk}"><button class="ia-continueButton" type="submit">Submit your application</button></form>`,
  );
}

function indeedPostApply(applicationId: string): string {
  return `<header class="gnav">indeed</header><main class="ia-BasePage ia-PostApply"><h1>Your application has been submitted!</h1>
<p>You will get an email confirmation at ${esc(FAKE_PROFILE.email)}.</p><p class="ia-PostApply-id" data-application-id="${esc(applicationId)}">Application reference ${esc(applicationId)}</p>
<a href="/myjobs">Track this application in My jobs</a></main>`;
}

const INDEED_ALREADY = `<header class="gnav">indeed</header><main class="ia-BasePage"><h1>You've applied to this job</h1><p>You applied to this job already. Track it in My jobs.</p></main>`;
const INDEED_LOGIN = `<header class="gnav">indeed</header><main class="ia-BasePage"><h1>Ready to take the next step?</h1><p>Create an account or sign in.</p>
<form><label for="ifl-InputFormField-3">Email address</label><input type="email" id="ifl-InputFormField-3"><button class="ia-continueButton" type="button">Continue</button></form></main>`;
const INDEED_429 = `<main class="ia-BasePage"><h1>Too Many Requests</h1><p>You have sent too many requests in a given amount of time.</p></main>`;
const INDEED_CAPTCHA = `<header class="gnav">indeed</header><main class="ia-BasePage"><h1>Additional Verification Required</h1><p>Verify you are human by completing the action below.</p>
<div class="h-captcha" data-sitekey="fake"><iframe title="Widget containing checkbox for hCaptcha security challenge" src="about:blank" width="303" height="78"></iframe></div></main>`;
const INDEED_RESTRICTED = `<header class="gnav">indeed</header><main class="ia-BasePage"><h1>Your account has been suspended</h1><p>We've restricted your account because of activity that violates our Terms of Service. Contact Indeed support to appeal.</p></main>`;

/** Starts the apply fakes on one loopback port (0 = any). */
export async function startApplyPortalFakes(
  port = 0,
): Promise<{ url: string; fake: ApplyPortalFakes; server: Server; close(): Promise<void> }> {
  const fake = new ApplyPortalFakes();
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
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
