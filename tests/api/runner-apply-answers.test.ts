/**
 * Screening answers (scraper-runner/src/apply/answers.ts): the wordings LinkedIn, Naukri and Indeed
 * really use for notice period, CTC (LPA, lakhs, ₹ per annum, per month, bands), years with a skill
 * (bank, then the career record), total experience, relocation, commuting, work authorisation and
 * sponsorship; personal questions only from the user's own answers; choice questions only with one
 * of their options. Unknown questions go to Gemini (the real @google/genai client against the
 * loopback fake): kept only when confident, cited and grounded. Needs no stack.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  type AnswerBank,
  answerPrompt,
  answerQuestion,
  type CareerFact,
  geminiAnswerLlm,
  type SourceFacts,
  skillOf,
  sourcesFromCareer,
} from "../../scraper-runner/src/apply/answers.ts";
import type { ScreeningQuestion } from "../../scraper-runner/src/apply/flows/types.ts";
import { FAKE_GEMINI_GEN_QUOTA_KEY, FAKE_GEMINI_VALID_KEY } from "../fakes/gemini.ts";
import { type RunningFakes, startFakes } from "../fakes/server.ts";

/** As the runner reads an `apply_answer_banks` row (numeric columns arrive as strings). */
const BANK: AnswerBank = {
  phone: "+91 98450 12345",
  current_location: "Bengaluru, Karnataka",
  notice_period_days: 30,
  current_ctc_lpa: "18.00",
  expected_ctc_lpa: "25.00",
  total_experience_years: "6.0",
  skill_years: { TypeScript: 4, "React.js": 3, Java: 5, Node: 4, "C++": 2 },
  willing_to_relocate: true,
  work_authorisation: "Indian citizen",
  requires_sponsorship: false,
  custom_answers: [{ question: "gender", answer: "Female" }],
};

const CAREER: CareerFact[] = [
  {
    id: "9a1e0c52-0000-4000-8000-000000000001",
    kind: "work",
    data: {
      organization: "Razorpay",
      title: "Senior Software Engineer",
      start_date: "2021-04",
      highlights: ["Built payment reconciliation in Go and PostgreSQL", "Led the migration to Kafka"],
    },
  },
  {
    id: "9a1e0c52-0000-4000-8000-000000000002",
    kind: "work",
    data: {
      organization: "Infosys",
      title: "Systems Engineer",
      start_date: "2018-07",
      end_date: "2021-03",
      highlights: ["Java services for a retail bank", "PostgreSQL query tuning"],
    },
  },
  {
    id: "9a1e0c52-0000-4000-8000-000000000003",
    kind: "education",
    data: { institution: "VIT Vellore", area: "Computer Science", study_type: "B.Tech", end_date: "2018" },
  },
];
const FACTS: SourceFacts = { career: CAREER, today: "2026-11-30" };
const REF = (n: number) => `record:9a1e0c52-0000-4000-8000-00000000000${n}`;

const YES_NO = ["Yes", "No"];
const NAUKRI_NOTICE = [
  "15 Days or less",
  "1 Month",
  "2 Months",
  "3 Months",
  "More than 3 Months",
  "Serving Notice Period",
];
const INDEED_RELOCATE = [
  "Yes, I can make the commute",
  "Yes, I am planning to relocate",
  "Yes, but I need relocation assistance",
  "No",
];

type Case = [
  label: string,
  kind: ScreeningQuestion["kind"],
  options: string[] | undefined,
  want: string | null,
];

const CASES: Case[] = [
  // Notice period
  ["What is your notice period?", "radio", NAUKRI_NOTICE, "1 Month"],
  ["What is your notice period in days?", "number", undefined, "30"],
  ["Notice period (in months)", "number", undefined, "1"],
  [
    "What is your notice period?",
    "select",
    ["Immediate", "15 days", "30 days", "60 days", "90 days"],
    "30 days",
  ],
  ["How soon can you join?", "text", undefined, "30 days"],
  [
    "What is your official notice period",
    "select",
    ["0-15 days", "16-30 days", "31-60 days", "61-90 days"],
    "16-30 days",
  ],
  // CTC
  ["What is your current CTC?", "text", undefined, "18 LPA"],
  ["What is your expected CTC?", "text", undefined, "25 LPA"],
  ["What is your current CTC (in LPA)?", "text", undefined, "18"],
  ["What is your current CTC (₹ per annum)?", "number", undefined, "1800000"],
  ["Current annual salary in INR", "number", undefined, "1800000"],
  ["Expected CTC (in Lakhs)", "number", undefined, "25"],
  ["Current CTC in Lacs", "text", undefined, "18"],
  ["What is your expected salary per month?", "number", undefined, "208333"],
  ["Current CTC", "select", ["0-5 LPA", "5-10 LPA", "10-20 LPA", "20+ LPA"], "10-20 LPA"],
  [
    "Expected CTC",
    "radio",
    ["₹10,00,000 - ₹20,00,000", "₹20,00,000 - ₹30,00,000"],
    "₹20,00,000 - ₹30,00,000",
  ],
  ["What is your expected salary?", "number", undefined, "25"],
  // Years with a skill (bank), total experience, career record
  ["How many years of work experience do you have with TypeScript?", "number", undefined, "4"],
  ["How many years of Java experience do you have?", "number", undefined, "5"],
  ["How many years of experience do you have in React.js?", "text", undefined, "3"],
  ["Years of experience in ReactJS", "number", undefined, "3"],
  ["How many years have you worked with Node.js?", "number", undefined, "4"],
  ["How many years of C++ experience do you have?", "number", undefined, "2"],
  ["How many years of PostgreSQL experience do you have?", "number", undefined, "8.3"],
  ["How many years of experience do you have with Go?", "number", undefined, "5.6"],
  ["How many years of experience do you have with Kubernetes?", "number", undefined, null],
  ["How many years of total work experience do you have?", "number", undefined, "6"],
  ["Total experience (in years)", "number", undefined, "6"],
  ["Years of experience", "select", ["0-2 years", "3-5 years", "6-10 years", "10+ years"], "6-10 years"],
  [
    "How many years of Java experience do you have?",
    "select",
    ["0-1 years", "1-3 years", "5+ years"],
    "5+ years",
  ],
  // Relocation, commuting
  ["Are you willing to relocate to Bengaluru?", "radio", YES_NO, "Yes"],
  [
    "Will you be able to reliably commute or relocate to Pune, Maharashtra for this job?",
    "radio",
    INDEED_RELOCATE,
    "Yes, I am planning to relocate",
  ],
  ["Are you open to relocation?", "select", ["Yes", "No"], "Yes"],
  ["Are you comfortable commuting to this job's location?", "radio", YES_NO, null],
  ["Can you commute to our Bengaluru office 3 days a week?", "radio", YES_NO, "Yes"],
  // Work authorisation, sponsorship
  ["Are you legally authorized to work in India?", "radio", YES_NO, "Yes"],
  ["Are you authorized to work in the United States?", "radio", YES_NO, "No"],
  ["Do you have a valid work permit for Germany?", "radio", YES_NO, "No"],
  ["Will you now or in the future require sponsorship for employment visa status?", "radio", YES_NO, "No"],
  ["Are you authorized to work?", "radio", YES_NO, null],
  ["Are you legally authorized to work for us in India?", "radio", YES_NO, "Yes"],
  // Personal: only the user's own answers
  ["What is your gender?", "radio", ["Male", "Female", "Other"], "Female"],
  ["Gender", "select", ["Male", "Female", "Prefer not to say"], "Female"],
  ["What is your date of birth?", "text", undefined, null],
  ["Marital status", "select", ["Single", "Married"], null],
  ["Do you have any disability?", "radio", YES_NO, null],
  ["What is your religion?", "text", undefined, null],
  // Serving notice: the bank does not say, so nothing (never the notice period's length).
  ["Are you currently serving your notice period?", "radio", YES_NO, null],
  ["Are you serving notice period?", "text", undefined, null],
  ["What is your last working day?", "text", undefined, null],
  // Unknown
  ["Have you worked on a SEBI-regulated trading platform?", "radio", YES_NO, null],
  ["Why do you want to join us?", "text", undefined, null],
];

describe("answer bank", () => {
  for (const [label, kind, options, want] of CASES) {
    test(`${label} [${kind}${options ? `: ${options.length} options` : ""}] → ${want ?? "no answer"}`, async () => {
      const q: ScreeningQuestion = { id: "q", label, kind, required: true, ...(options ? { options } : {}) };
      const a = await answerQuestion(q, BANK, FACTS);
      assert.equal(a?.value ?? null, want);
      if (a && options) assert.ok(options.includes(a.value), "a choice answer is one of the options");
    });
  }

  test("years from the career record are marked as resting on sources, bank answers on the bank", async () => {
    const q = (label: string): ScreeningQuestion => ({ id: "q", label, kind: "number", required: true });
    const fromRecord = await answerQuestion(
      q("How many years of PostgreSQL experience do you have?"),
      BANK,
      FACTS,
    );
    assert.equal(fromRecord?.source, "sources");
    assert.ok((fromRecord?.confidence ?? 0) >= 0.8);
    const fromBank = await answerQuestion(q("How many years of Java experience do you have?"), BANK, FACTS);
    assert.deepEqual(fromBank, { value: "5", source: "bank", confidence: 1 });
  });

  test("an empty bank answers nothing (a missing field is never a default)", async () => {
    for (const [label, kind, options] of CASES) {
      const q: ScreeningQuestion = { id: "q", label, kind, required: true, ...(options ? { options } : {}) };
      const a = await answerQuestion(q, {}, { career: [] });
      assert.equal(a, null, label);
    }
  });

  test("serving notice and the last working day come from the bank, and only from it", async () => {
    const ask = (label: string, kind: ScreeningQuestion["kind"], options?: string[]) =>
      ({ id: "q", label, kind, required: true, ...(options ? { options } : {}) }) as ScreeningQuestion;
    const serving: AnswerBank = {
      notice_period_days: 30,
      serving_notice: true,
      last_working_day: "2026-12-15",
    };
    const notServing: AnswerBank = { notice_period_days: 30, serving_notice: false };
    const value = (q: ScreeningQuestion, bank: AnswerBank) =>
      answerQuestion(q, bank, FACTS).then((a) => a?.value ?? null);
    assert.equal(
      await value(ask("Are you currently serving your notice period?", "radio", YES_NO), serving),
      "Yes",
    );
    assert.equal(await value(ask("Are you serving notice period?", "text"), notServing), "No");
    assert.equal(await value(ask("Last working day", "text"), serving), "2026-12-15");
    assert.equal(
      await value(ask("If serving notice, what is your last working day?", "text"), notServing),
      "Not serving notice",
    );
    // Naukri's notice list ends with "Serving Notice Period": the answer for someone who is.
    assert.equal(
      await value(ask("What is your notice period?", "radio", NAUKRI_NOTICE), serving),
      "Serving Notice Period",
    );
    assert.equal(
      await value(ask("What is your notice period?", "radio", NAUKRI_NOTICE), notServing),
      "1 Month",
    );
    // Joining while serving: the days left to the last working day (FACTS.today is 2026-11-30).
    assert.equal(await value(ask("How soon can you join?", "text"), serving), "15 days");
    assert.equal(await value(ask("How soon can you join?", "text"), notServing), "30 days");
    // Not in the bank: a model is never asked about the user's situation.
    let asked = 0;
    const llm = async () => {
      asked++;
      return JSON.stringify({ answer: "No", confidence: 0.99, sources: [REF(1)] });
    };
    for (const label of [
      "Are you serving your notice period?",
      "What is your last working day?",
      "What is your expected CTC?",
    ]) {
      assert.equal(await answerQuestion(ask(label, "text"), {}, FACTS, llm), null, label);
    }
    assert.equal(asked, 0);
  });

  test("a value between two options is not rounded to either", async () => {
    const notice: ScreeningQuestion = {
      id: "q",
      label: "What is your notice period?",
      kind: "radio",
      options: NAUKRI_NOTICE,
      required: true,
    };
    assert.equal(await answerQuestion(notice, { notice_period_days: 45 }, FACTS), null);
    assert.equal(
      await answerQuestion(notice, { notice_period_days: 10 }, FACTS).then((a) => a?.value),
      "15 Days or less",
    );
    assert.equal(
      await answerQuestion(notice, { notice_period_days: 120 }, FACTS).then((a) => a?.value),
      "More than 3 Months",
    );
    const immediate: ScreeningQuestion = { id: "q", label: "Notice period", kind: "text", required: true };
    assert.equal(
      await answerQuestion(immediate, { notice_period_days: 0 }, FACTS).then((a) => a?.value),
      "Immediate",
    );
  });

  test("not willing to relocate: No to relocation alone, no answer when commuting is also offered", async () => {
    const bank: AnswerBank = { willing_to_relocate: false };
    const relocate: ScreeningQuestion = {
      id: "q",
      label: "Are you willing to relocate to Bengaluru?",
      kind: "radio",
      options: YES_NO,
      required: true,
    };
    assert.equal((await answerQuestion(relocate, bank, FACTS))?.value, "No");
    const either: ScreeningQuestion = {
      id: "q",
      label: "Will you be able to reliably commute or relocate to Pune, Maharashtra for this job?",
      kind: "radio",
      options: INDEED_RELOCATE,
      required: true,
    };
    assert.equal(await answerQuestion(either, bank, FACTS), null);
  });

  test("skillOf reads the skill out of the portals' wordings", () => {
    assert.equal(skillOf("How many years of work experience do you have with TypeScript?"), "TypeScript");
    assert.equal(skillOf("How many years of Java experience do you have?"), "Java");
    assert.equal(skillOf("How many years of experience do you have in React.js?"), "React.js");
    assert.equal(skillOf("How many years have you worked with Node.js?"), "Node.js");
    assert.equal(skillOf("How many years of total work experience do you have?"), null);
    assert.equal(skillOf("How many years of experience do you have?"), null);
    assert.equal(skillOf("Spring Boot experience (in years)"), "Spring Boot");
  });
});

test("the user's words about their right to work: named countries yes, others no, hedged nothing", async () => {
  const q = (label: string): ScreeningQuestion => ({
    id: "q",
    label,
    kind: "radio",
    options: YES_NO,
    required: true,
  });
  const say = async (statement: string, label: string) =>
    (await answerQuestion(q(label), { work_authorisation: statement }, FACTS))?.value ?? null;
  assert.equal(
    await say("Indian citizen with a US green card", "Are you authorized to work in the United States?"),
    "Yes",
  );
  assert.equal(
    await say("Indian citizen with a US green card", "Are you legally authorized to work in India?"),
    "Yes",
  );
  assert.equal(
    await say(
      "Authorised to work in India and the UK",
      "Do you have the right to work in the United Kingdom?",
    ),
    "Yes",
  );
  assert.equal(await say("Indian citizen", "Do you have a valid work permit for Germany?"), "No");
  assert.equal(
    await say("Indian citizen; need sponsorship for the US", "Are you authorized to work in India?"),
    null,
  );
  assert.equal(await say("Work permit pending", "Are you authorized to work in Canada?"), null);
  assert.equal(await say("", "Are you authorized to work in India?"), null);
});

test("free-form answers match the whole question or a phrase of it; a choice answer must be an option", async () => {
  const bank: AnswerBank = {
    custom_answers: [
      { question: "Are you comfortable commuting to this job's location?", answer: "Yes" },
      { question: "age", answer: "31" },
      { question: "Preferred shift", answer: "Nights" },
    ],
  };
  const ask = (label: string, options?: string[]): ScreeningQuestion => ({
    id: "q",
    label,
    kind: options ? "radio" : "text",
    required: true,
    ...(options ? { options } : {}),
  });
  assert.equal(
    (await answerQuestion(ask("Are you comfortable commuting to this job's location?", YES_NO), bank, FACTS))
      ?.value,
    "Yes",
  );
  assert.equal((await answerQuestion(ask("What is your age?"), bank, FACTS))?.value, "31");
  assert.equal(await answerQuestion(ask("Do you have experience managing an agency?"), bank, FACTS), null);
  assert.equal(await answerQuestion(ask("Preferred shift", ["Day", "Evening"]), bank, FACTS), null);
});

describe("unknown questions through Gemini (@google/genai against the loopback fake)", () => {
  let fakes: RunningFakes;
  /** What the fake model answers, by question. */
  const replies = new Map<string, unknown>();
  const prompts: string[] = [];

  before(async () => {
    fakes = await startFakes({
      gemini: {
        respond: ({ prompt }) => {
          prompts.push(prompt);
          const question = /^Question: (.+)$/m.exec(prompt)?.[1] ?? "";
          return JSON.stringify(replies.get(question) ?? { answer: null, confidence: 0, sources: [] });
        },
      },
    });
  });
  after(() => fakes?.close());

  const llm = (key = FAKE_GEMINI_VALID_KEY) =>
    geminiAnswerLlm({ apiKey: key, baseUrl: fakes.gemini.url, model: "gemini-2.5-flash", timeoutMs: 10_000 });
  const ask = (
    label: string,
    kind: ScreeningQuestion["kind"] = "text",
    options?: string[],
  ): ScreeningQuestion => ({
    id: "q-llm",
    label,
    kind,
    required: true,
    ...(options ? { options } : {}),
  });

  test("a confident answer citing the record and grounded in it is kept", async () => {
    replies.set("Which university did you graduate from?", {
      answer: "VIT Vellore",
      confidence: 0.95,
      sources: [REF(3)],
    });
    const a = await answerQuestion(ask("Which university did you graduate from?"), BANK, FACTS, llm());
    assert.deepEqual(a, { value: "VIT Vellore", source: "sources", confidence: 0.95 });
    const prompt = prompts.at(-1) ?? "";
    assert.match(prompt, /=== CANDIDATE FACTS ===/);
    assert.ok(prompt.includes(`[${REF(3)}]`));
    assert.ok(!prompt.includes("Female"), "the bank's personal answers are not sent to the model");

    replies.set("Have you used Kafka in production?", { answer: "Yes", confidence: 0.9, sources: [REF(1)] });
    const yes = await answerQuestion(
      ask("Have you used Kafka in production?", "radio", YES_NO),
      BANK,
      FACTS,
      llm(),
    );
    assert.deepEqual(yes, { value: "Yes", source: "sources", confidence: 0.9 });
  });

  test("below the threshold, citing nothing or an unknown source, inventing a fact, or off the options → no answer", async () => {
    replies.set("Which database did you tune?", { answer: "PostgreSQL", confidence: 0.6, sources: [REF(2)] });
    assert.equal(await answerQuestion(ask("Which database did you tune?"), BANK, FACTS, llm()), null);
    // The same answer passes at a lower threshold the caller sets.
    assert.equal(
      (await answerQuestion(ask("Which database did you tune?"), BANK, FACTS, llm(), { threshold: 0.5 }))
        ?.value,
      "PostgreSQL",
    );

    replies.set("Where did you study?", { answer: "VIT Vellore", confidence: 0.9, sources: [] });
    assert.equal(await answerQuestion(ask("Where did you study?"), BANK, FACTS, llm()), null);

    replies.set("Which bank did you build for?", {
      answer: "a retail bank",
      confidence: 0.9,
      sources: ["record:00000000-0000-4000-8000-00000000dead"],
    });
    assert.equal(await answerQuestion(ask("Which bank did you build for?"), BANK, FACTS, llm()), null);

    replies.set("Which cloud platforms have you used?", {
      answer: "AWS and Kubernetes",
      confidence: 0.92,
      sources: [REF(1)],
    });
    assert.equal(await answerQuestion(ask("Which cloud platforms have you used?"), BANK, FACTS, llm()), null);

    replies.set("Are you open to night shifts?", { answer: "Maybe", confidence: 0.9, sources: [REF(1)] });
    assert.equal(
      await answerQuestion(ask("Are you open to night shifts?", "radio", YES_NO), BANK, FACTS, llm()),
      null,
    );

    replies.set("How many people did you manage?", {
      answer: "about five",
      confidence: 0.9,
      sources: [REF(1)],
    });
    assert.equal(
      await answerQuestion(ask("How many people did you manage?", "number"), BANK, FACTS, llm()),
      null,
    );
  });

  test("personal questions never reach the model; a failing Gemini call is no answer", async () => {
    const before = prompts.length;
    assert.equal(await answerQuestion(ask("What is your date of birth?"), BANK, FACTS, llm()), null);
    assert.equal(prompts.length, before);
    replies.set("Which university did you graduate from?", {
      answer: "VIT Vellore",
      confidence: 0.95,
      sources: [REF(3)],
    });
    assert.equal(
      await answerQuestion(
        ask("Which university did you graduate from?"),
        BANK,
        FACTS,
        llm(FAKE_GEMINI_GEN_QUOTA_KEY),
      ),
      null,
    );
  });

  test("the prompt carries the question, its options and the facts", () => {
    const p = answerPrompt(ask("Are you open to night shifts?", "radio", YES_NO), sourcesFromCareer(CAREER));
    assert.match(p, /Question: Are you open to night shifts\?/);
    assert.match(p, /options: \["Yes","No"\]/);
    assert.match(p, /Razorpay/);
    assert.match(p, /answer null/);
  });
});
