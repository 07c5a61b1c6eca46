/**
 * The runner's portal apply flows (scraper-runner/src/apply/flows) driving the machine's Chromium
 * through the loopback apply fakes (tests/fakes/apply-portals.ts): per portal the happy path
 * (exactly one submission recorded, with the answers, the resume's bytes and the cover letter),
 * every refusal page (captcha, sign-in wall, restricted account, 429, closed, already applied),
 * an unknown required question (needs_input, nothing submitted), beforeSubmit saying no (held,
 * nothing submitted), a refusal at the final submit, and checkApplied before and after.
 *
 * Needs no stack. Screenshots of each step land in tests/artifacts/screenshots/apply-<portal>-*.png.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { type AnswerBank, answerQuestion } from "../../scraper-runner/src/apply/answers.ts";
import { launchApplyBrowser, newApplyPage } from "../../scraper-runner/src/apply/flows/browser.ts";
import { applyFlows, applyJobUrl } from "../../scraper-runner/src/apply/flows/index.ts";
import type { Answer, ApplyInput, ScreeningQuestion } from "../../scraper-runner/src/apply/flows/types.ts";
import {
  type ApplyPortal,
  type ApplyPortalFakes,
  DEFAULT_QUESTIONS,
  FAKE_APPLY_SESSIONS,
  SESSION_COOKIE,
  startApplyPortalFakes,
} from "../fakes/apply-portals.ts";

const shots = path.join(import.meta.dirname, "..", "artifacts", "screenshots");
let browser: Browser;
let fakes: Awaited<ReturnType<typeof startApplyPortalFakes>>;
let fake: ApplyPortalFakes;
const pages: Page[] = [];

before(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await launchApplyBrowser();
  fakes = await startApplyPortalFakes();
  fake = fakes.fake;
});
after(async () => {
  await browser?.close();
  await fakes?.close();
});
beforeEach(async () => {
  fake.reset();
  for (const p of pages.splice(0)) await p.context().close();
});

async function newPage(): Promise<Page> {
  const page = await newApplyPage(browser);
  pages.push(page);
  return page;
}

/** Jobs as the job fetcher stores them (`job_url` on the portal's public host). */
const JOBS: Record<ApplyPortal, { id: string; url: (base: string, id: string) => string }> = {
  linkedin: {
    id: "4012345678",
    url: (b, id) =>
      applyJobUrl(
        "linkedin",
        b,
        id,
        `https://in.linkedin.com/jobs/view/senior-software-engineer-at-infosys-${id}`,
      ),
  },
  naukri: {
    id: "301125500123",
    url: (b, id) =>
      applyJobUrl(
        "naukri",
        b,
        id,
        `https://www.naukri.com/job-listings-senior-software-engineer-infosys-limited-bengaluru-5-to-10-years-${id}`,
      ),
  },
  indeed: {
    id: "a1b2c3d4e5f60718",
    url: (b, id) => applyJobUrl("indeed", b, id, `https://in.indeed.com/viewjob?jk=${id}`),
  },
};

/** What a user's answer bank says for the fakes' default questions (by label). */
const KNOWN: Record<string, string> = {
  "How many years of work experience do you have with TypeScript?": "4",
  "What is your notice period in days?": "30",
  "Are you legally authorized to work in India?": "Yes",
  "Are you comfortable commuting to this job's location?": "Yes",
  "What is your current CTC (in LPA)?": "18",
  "What is your level of proficiency in English?": "Professional",
  "What is your current CTC?": "18 LPA",
  "What is your expected CTC?": "25 LPA",
  "What is your notice period?": "1 Month",
  "Are you willing to relocate to Bengaluru?": "Yes",
  "How many years of experience do you have in React.js?": "3",
  "How many years of Java experience do you have?": "5",
  "Will you be able to reliably commute or relocate to Pune, Maharashtra for this job?":
    "Yes, I am planning to relocate",
  "What is your current CTC (₹ per annum)?": "1800000",
  "Are you authorized to work in India?": "Yes",
};
const INDEED_NOTICE = "30 days";

const RESUME = new TextEncoder().encode(
  "%PDF-1.7\n% Asha Rao resume\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
);
const COVER = "Dear hiring team, I build TypeScript services for payments at scale.";

interface Probe {
  asked: ScreeningQuestion[];
  beforeSubmitCalls: number;
  answeredAfterBeforeSubmit: number;
}

function input(
  portal: ApplyPortal,
  opts: {
    jobId?: string;
    session?: ApplyInput["session"];
    answer?: (q: ScreeningQuestion) => string | null;
    go?: boolean;
    page?: Page;
    shotPrefix?: string;
  } = {},
): { input: ApplyInput; probe: Probe } {
  const jobId = opts.jobId ?? JOBS[portal].id;
  const probe: Probe = { asked: [], beforeSubmitCalls: 0, answeredAfterBeforeSubmit: 0 };
  let shot = 0;
  const snap = async () => {
    if (opts.page && opts.shotPrefix)
      await opts.page.screenshot({
        path: path.join(shots, `${opts.shotPrefix}-${String(++shot).padStart(2, "0")}.png`),
      });
  };
  const answerOf =
    opts.answer ??
    ((q: ScreeningQuestion) =>
      portal === "indeed" && q.label === "What is your notice period?"
        ? INDEED_NOTICE
        : (KNOWN[q.label] ?? null));
  const lastLabel = new Set<string>();
  return {
    probe,
    input: {
      portal,
      baseUrl: fakes.url,
      jobUrl: JOBS[portal].url(fakes.url, jobId),
      externalJobId: jobId,
      session: opts.session ?? { token: FAKE_APPLY_SESSIONS[portal] },
      applicant: {
        fullName: "Asha Rao",
        email: "asha.rao@example.com",
        phone: "+91 98450 12345",
        location: "Bengaluru",
      },
      resumePdf: { fileName: "Asha_Rao_Resume.pdf", bytes: RESUME },
      coverLetter: COVER,
      async answer(q): Promise<Answer | null> {
        if (probe.beforeSubmitCalls > 0) probe.answeredAfterBeforeSubmit++;
        probe.asked.push(q);
        // One screenshot per step (the first question asked on it).
        if (!lastLabel.has(q.label)) {
          lastLabel.add(q.label);
          if (probe.asked.length === 1 || portal === "naukri") await snap();
        }
        const v = answerOf(q);
        return v === null ? null : { value: v, source: "bank", confidence: 1 };
      },
      async beforeSubmit() {
        probe.beforeSubmitCalls++;
        await snap();
        return opts.go ?? true;
      },
    },
  };
}

const questionIds = (portal: ApplyPortal) => DEFAULT_QUESTIONS[portal].map((q) => q.id);

for (const portal of ["linkedin", "naukri", "indeed"] as const) {
  describe(`${portal} apply flow`, () => {
    const flow = applyFlows[portal];
    const job = JOBS[portal].id;

    test("happy path: one submission with the answers, resume and cover letter; checkApplied false before, true after", async () => {
      const page = await newPage();
      const { input: inp, probe } = input(portal, { page, shotPrefix: `apply-${portal}` });
      assert.equal(await flow.checkApplied(page, inp), false);
      const t0 = Date.now();
      const outcome = await flow.apply(page, inp);
      const ms = Date.now() - t0;
      await page.screenshot({ path: path.join(shots, `apply-${portal}-99-done.png`) });
      assert.equal(outcome.kind, "submitted", JSON.stringify(outcome));
      const subs = fake.submissionsFor(portal, job);
      assert.equal(subs.length, 1);
      const sub = subs[0];
      assert.ok(sub);
      if (outcome.kind === "submitted") assert.equal(outcome.portalApplicationId, sub.applicationId);
      assert.equal(probe.beforeSubmitCalls, 1);
      // Naukri checks before its Apply click (which may itself apply), the others before the last click.
      assert.equal(probe.answeredAfterBeforeSubmit, portal === "naukri" ? probe.asked.length : 0);
      // Every screening question asked once, answered as the bank says.
      assert.deepEqual(
        probe.asked.map((q) => q.label).sort(),
        DEFAULT_QUESTIONS[portal].map((q) => q.label).sort(),
      );
      for (const q of DEFAULT_QUESTIONS[portal]) {
        const want = portal === "indeed" && q.id === "q-notice" ? INDEED_NOTICE : KNOWN[q.label];
        const got: string | undefined = sub.answers[q.id];
        // A numeric field takes "18" for the bank's "18 LPA"; a text field takes it as written.
        const bare = (v: string | undefined) => (q.kind === "number" ? v?.replace(/\s*LPA$/, "") : v);
        assert.equal(got, bare(want), q.label);
      }
      // What the questions looked like to the answerer: kinds and options as the portal shows them.
      for (const asked of probe.asked) {
        const spec = DEFAULT_QUESTIONS[portal].find((q) => q.label === asked.label);
        assert.ok(spec, asked.label);
        if (spec.options) assert.deepEqual(asked.options, spec.options, asked.label);
        assert.equal(asked.required, spec.required, asked.label);
      }
      if (portal !== "naukri") {
        // Naukri sends the resume on the profile; LinkedIn and Indeed take the file.
        assert.equal(sub.resume?.fileName, "Asha_Rao_Resume.pdf");
        assert.equal(sub.resume?.sha256, createHash("sha256").update(RESUME).digest("hex"));
        assert.equal(sub.coverLetter, COVER);
      }
      if (portal === "linkedin") {
        assert.equal(sub.contact.phoneNumber, "98450 12345");
        assert.equal(sub.contact.email, "asha.rao@example.com");
      }
      if (portal === "indeed") assert.equal(sub.contact.phoneNumber, "+91 98450 12345");
      console.log(`[figure] ${portal} apply flow: ${ms} ms from job page to confirmation`);

      // Afterwards the portal says applied, and a second run submits nothing.
      const again = await newPage();
      assert.equal(await flow.checkApplied(again, inp), true);
      const second = await flow.apply(again, input(portal).input);
      assert.equal(second.kind, "already_applied");
      assert.equal(fake.submissionsFor(portal, job).length, 1);
      // Sessions are per account: another account has not applied.
      const other = "other-account-session-value";
      fake.sessions[portal].add(other);
      assert.equal(
        await flow.checkApplied(await newPage(), input(portal, { session: { token: other } }).input),
        false,
      );
    });

    for (const block of ["captcha", "sign_in", "restricted", "rate_limited"] as const) {
      test(`${block} page → blocked ${block}, nothing submitted, nothing answered`, async () => {
        fake.setScenario(portal, { block });
        const page = await newPage();
        const { input: inp, probe } = input(portal);
        const outcome = await flow.apply(page, inp);
        if (block === "captcha" || block === "restricted" || block === "rate_limited")
          await page.screenshot({ path: path.join(shots, `apply-${portal}-block-${block}.png`) });
        assert.equal(outcome.kind, "blocked", JSON.stringify(outcome));
        if (outcome.kind === "blocked") {
          assert.equal(outcome.reason, block);
          assert.ok(!outcome.detail.includes(FAKE_APPLY_SESSIONS[portal]));
        }
        assert.equal(probe.asked.length, 0);
        assert.equal(probe.beforeSubmitCalls, 0);
        assert.equal(fake.submissions.length, 0);
        await assert.rejects(flow.checkApplied(await newPage(), inp), /did not show/);
      });
    }

    test("no session, or one the portal does not know → sign-in wall", async () => {
      for (const session of [{}, { token: "expired-session-value" }]) {
        const outcome = await flow.apply(await newPage(), input(portal, { session }).input);
        assert.deepEqual(
          outcome.kind === "blocked" ? outcome.reason : outcome.kind,
          "sign_in",
          JSON.stringify({ session, outcome }),
        );
      }
      // A session given as cookies works like a token.
      const cookies = [{ name: SESSION_COOKIE[portal], value: FAKE_APPLY_SESSIONS[portal] }];
      const ok = await flow.apply(await newPage(), input(portal, { session: { cookies } }).input);
      assert.equal(ok.kind, "submitted", JSON.stringify(ok));
      assert.equal(fake.submissions.length, 1);
    });

    test("closed job → closed; a job applied to before → already_applied; nothing submitted", async () => {
      fake.setScenario(portal, { closed: [job], appliedBefore: [JOBS[portal].id.replace(/.$/, "9")] });
      const closed = await flow.apply(await newPage(), input(portal).input);
      assert.equal(closed.kind, "closed", JSON.stringify(closed));
      const appliedId = JOBS[portal].id.replace(/.$/, "9");
      const page = await newPage();
      const applied = await flow.apply(page, input(portal, { jobId: appliedId }).input);
      assert.equal(applied.kind, "already_applied", JSON.stringify(applied));
      assert.equal(await flow.checkApplied(page, input(portal, { jobId: appliedId }).input), true);
      assert.equal(fake.submissions.length, 0);
    });

    test("unknown required question → needs_input listing it, nothing submitted, no second check", async () => {
      const unknown: ScreeningQuestion = {
        id: "q-unknown",
        label: "Have you worked on a SEBI-regulated trading platform?",
        kind: "radio",
        options: ["Yes", "No"],
        required: true,
      };
      fake.setScenario(portal, { questions: [...DEFAULT_QUESTIONS[portal].slice(0, 1), unknown] });
      const { input: inp, probe } = input(portal);
      const outcome = await flow.apply(await newPage(), inp);
      assert.equal(outcome.kind, "needs_input", JSON.stringify(outcome));
      if (outcome.kind === "needs_input") {
        assert.deepEqual(
          outcome.questions.map((q) => [q.label, q.kind, q.options, q.required]),
          [[unknown.label, "radio", ["Yes", "No"], true]],
        );
      }
      // Naukri's check comes before its Apply click; the others never reach their last click.
      assert.equal(probe.beforeSubmitCalls, portal === "naukri" ? 1 : 0);
      assert.equal(fake.submissions.length, 0);
    });

    test("an answer that is none of the options counts as no answer (never picked by guess)", async () => {
      const { input: inp } = input(portal, {
        answer: (q) => (q.options ? "Maybe" : (KNOWN[q.label] ?? "30 days")),
      });
      const outcome = await flow.apply(await newPage(), inp);
      assert.equal(outcome.kind, "needs_input", JSON.stringify(outcome));
      if (outcome.kind === "needs_input") assert.ok(outcome.questions.every((q) => q.options && q.required));
      assert.equal(fake.submissions.length, 0);
    });

    test("beforeSubmit false → held, nothing submitted", async () => {
      const { input: inp, probe } = input(portal, { go: false });
      const outcome = await flow.apply(await newPage(), inp);
      assert.equal(outcome.kind, "held", JSON.stringify(outcome));
      assert.equal(probe.beforeSubmitCalls, 1);
      assert.equal(fake.submissions.length, 0);
      assert.equal(await flow.checkApplied(await newPage(), inp), false);
    });

    if (portal === "naukri") {
      test("a job without recruiter questions applies on the Apply click: the stop check comes before it", async () => {
        fake.setScenario("naukri", { questions: [] });
        const held = input("naukri", { go: false });
        assert.equal((await flow.apply(await newPage(), held.input)).kind, "held");
        assert.equal(held.probe.beforeSubmitCalls, 1);
        assert.equal(fake.submissions.length, 0, "a stopped one-click apply sends nothing");
        const go = input("naukri");
        const outcome = await flow.apply(await newPage(), go.input);
        assert.equal(outcome.kind, "submitted", JSON.stringify(outcome));
        assert.equal(go.probe.beforeSubmitCalls, 1);
        assert.equal(fake.submissionsFor("naukri", job).length, 1);
      });
    }

    test("a rate limit or captcha at the final submit → blocked, nothing recorded", async () => {
      for (const blockOnSubmit of ["rate_limited", "captcha"] as const) {
        fake.setScenario(portal, { blockOnSubmit });
        const page = await newPage();
        const outcome = await flow.apply(page, input(portal).input);
        if (blockOnSubmit === "rate_limited")
          await page.screenshot({ path: path.join(shots, `apply-${portal}-submit-limit.png`) });
        assert.equal(outcome.kind, "blocked", JSON.stringify(outcome));
        if (outcome.kind === "blocked") assert.equal(outcome.reason, blockOnSubmit);
        assert.equal(fake.submissions.length, 0);
      }
    });

    test("an optional question without an answer is left blank; the application goes through", async () => {
      const optional: ScreeningQuestion = {
        id: "q-optional",
        label: "Link to your portfolio",
        kind: "text",
        required: false,
      };
      fake.setScenario(portal, { questions: [...DEFAULT_QUESTIONS[portal], optional] });
      const outcome = await flow.apply(await newPage(), input(portal).input);
      assert.equal(outcome.kind, "submitted", JSON.stringify(outcome));
      const sub = fake.submissionsFor(portal, job)[0];
      assert.equal(sub?.answers["q-optional"] ?? "", "");
      assert.deepEqual(Object.keys(sub?.answers ?? {}).sort(), questionIds(portal).sort());
    });
  });
}

describe("flows answering from the answer bank (answers.ts)", () => {
  const bank: AnswerBank = {
    notice_period_days: 30,
    current_ctc_lpa: 18,
    expected_ctc_lpa: 25,
    skill_years: { TypeScript: 4, "React.js": 3, Java: 5 },
    willing_to_relocate: true,
    work_authorisation: "Indian citizen",
  };
  const facts = { career: [], today: "2026-11-30" };

  for (const portal of ["linkedin", "naukri", "indeed"] as const) {
    test(`${portal}: every default question answered from the bank, or needs_input naming the one it cannot`, async () => {
      const { input: inp } = input(portal);
      inp.answer = (q) => answerQuestion(q, bank, facts);
      const outcome = await applyFlows[portal].apply(await newPage(), inp);
      if (portal === "linkedin") {
        // "Are you comfortable commuting to this job's location?": the bank does not know where the job is.
        assert.equal(outcome.kind, "needs_input", JSON.stringify(outcome));
        if (outcome.kind === "needs_input")
          assert.deepEqual(
            outcome.questions.map((q) => q.label),
            ["Are you comfortable commuting to this job's location?"],
          );
        assert.equal(fake.submissions.length, 0);
        // The user answers it once in the bank; the next run goes through.
        const withCommute: AnswerBank = {
          ...bank,
          custom_answers: [
            { question: "Are you comfortable commuting to this job's location?", answer: "Yes" },
          ],
        };
        inp.answer = (q) => answerQuestion(q, withCommute, facts);
        const retry = await applyFlows[portal].apply(await newPage(), inp);
        assert.equal(retry.kind, "submitted", JSON.stringify(retry));
      } else {
        assert.equal(outcome.kind, "submitted", JSON.stringify(outcome));
      }
      const sub = fake.submissionsFor(portal, JOBS[portal].id)[0];
      assert.ok(sub);
      const expected: Record<ApplyPortal, Record<string, string>> = {
        linkedin: {
          "q-years-typescript": "4",
          "q-notice": "30",
          "q-authorized": "Yes",
          "q-commute": "Yes",
          "q-current-ctc": "18",
        },
        naukri: {
          "q-current-ctc": "18 LPA",
          "q-expected-ctc": "25 LPA",
          "q-notice": "1 Month",
          "q-relocate": "Yes",
          "q-years-react": "3",
        },
        indeed: {
          "q-years-java": "5",
          "q-relocate": "Yes, I am planning to relocate",
          "q-current-ctc": "1800000",
          "q-notice": "30 days",
          "q-authorized": "Yes",
        },
      };
      assert.deepEqual(sub.answers, expected[portal]);
    });
  }
});

test("applyJobUrl puts the fetched job on the configured base URL", () => {
  assert.equal(
    applyJobUrl("linkedin", "http://127.0.0.1:9/", "4012345678"),
    "http://127.0.0.1:9/jobs/view/4012345678/",
  );
  assert.equal(
    applyJobUrl("indeed", "https://in.indeed.com", "a1b2c3d4e5f60718"),
    "https://in.indeed.com/viewjob?jk=a1b2c3d4e5f60718",
  );
  assert.equal(
    applyJobUrl(
      "naukri",
      "http://127.0.0.1:9",
      "301125500123",
      "https://www.naukri.com/job-listings-data-analyst-zomato-gurugram-2-to-4-years-301125500123?src=jobsearchDesk",
    ),
    "http://127.0.0.1:9/job-listings-data-analyst-zomato-gurugram-2-to-4-years-301125500123",
  );
  assert.equal(
    applyJobUrl("naukri", "http://127.0.0.1:9", "301125500123"),
    "http://127.0.0.1:9/job-listings-301125500123",
  );
});

test("a session cookie the browser refuses fails the application without quoting the cookie", async () => {
  const secret = "AQEDAsecretSessionValue-never-in-an-outcome";
  for (const portal of ["linkedin", "naukri", "indeed"] as const) {
    const { input: inp } = input(portal, {
      session: { cookies: [{ name: "li_at", value: `${secret};\n` }] },
    });
    const outcome = await applyFlows[portal].apply(await newPage(), inp);
    assert.equal(outcome.kind, "failed", JSON.stringify(outcome));
    assert.ok(!JSON.stringify(outcome).includes(secret), JSON.stringify(outcome));
    await assert.rejects(
      applyFlows[portal].checkApplied(await newPage(), inp),
      (err: Error) => !err.message.includes(secret),
    );
  }
  assert.equal(fake.submissions.length, 0);
});
