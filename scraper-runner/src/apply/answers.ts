/**
 * Answers to portals' screening questions, from what the user told us and nothing else.
 *
 * `answerQuestion(q, bank, sources, llm?)` recognises the questions portals keep asking (notice
 * period, current / expected CTC in whatever unit the question uses, years with a skill, total
 * experience, relocation, commuting, work authorisation, sponsorship) and answers them from the
 * user's {@link AnswerBank}; years with a skill fall back to the career record (work entries that
 * name the skill). Personal questions (gender, date of birth, marital status, religion, caste,
 * disability…) are answered only from the bank's own free-form answers. A choice question gets
 * one of its options or nothing: an answer that fits no option is never rounded to the nearest.
 *
 * Anything else may go to Gemini (the user's key) with the user's sources only: it must answer as
 * JSON with a confidence and the sources it rests on; the answer is kept only when the confidence
 * reaches the threshold (default 0.8), every cited source is one we gave, a choice is one of the
 * options, and a written answer passes the no-fabrication guard (contract/grounding.ts). Otherwise
 * null: the application stops as needs_input and the user is asked. A failing Gemini call is a
 * null too (asking the user beats failing the application).
 */
import { GoogleGenAI } from "@google/genai";
import { checkClaim, type GroundingSource } from "../../../supabase/functions/_shared/contract/grounding.ts";
import type { CareerEntryKind } from "../../../supabase/functions/_shared/contract/resume.ts";
import type { Answer, ScreeningQuestion } from "./flows/types.js";

/** A number as stored: Postgres `numeric` arrives as a string. */
type Num = number | string | null | undefined;

/**
 * The user's answer bank, edited in settings: a `public.apply_answer_banks` row as the runner
 * reads it (snake_case, every field nullable: null or missing is "not told", never a default;
 * `numeric` columns may arrive as strings).
 */
export interface AnswerBank {
  phone?: string | null;
  /** Where the user lives ("Bengaluru, Karnataka"), for commute questions. */
  current_location?: string | null;
  /** Notice period in days (0: can join immediately). */
  notice_period_days?: Num;
  /** Serving notice now (resigned, working the notice period out). */
  serving_notice?: boolean | null;
  /** The last working day when serving notice (YYYY-MM-DD; a `date` may arrive as a Date). */
  last_working_day?: string | Date | null;
  /** Current and expected CTC in lakhs per annum (LPA). */
  current_ctc_lpa?: Num;
  expected_ctc_lpa?: Num;
  /** Total work experience in years. */
  total_experience_years?: Num;
  /** Years with each skill, by the skill's name as the user wrote it ({"TypeScript": 4}). */
  skill_years?: Record<string, Num> | null;
  /** Willing to relocate for a job. */
  willing_to_relocate?: boolean | null;
  /** The user's right to work in their words ("Indian citizen", "Authorised to work in India and the UK"). */
  work_authorisation?: string | null;
  /** Needs visa sponsorship to work where the job is. */
  requires_sponsorship?: boolean | null;
  /**
   * The user's own answers to anything else, matched when the screening question contains the
   * stored question's words (the whole label, or a phrase of it like "gender"); the only way
   * personal questions get answered.
   */
  custom_answers?: { question: string; answer: string }[] | null;
}

/** A stored number, or undefined when not told. */
function num(v: Num): number | undefined {
  if (v === null || v === undefined || v === "") return undefined;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** One confirmed career-record entry (`career_entries`: id, kind, data as in contract/resume.ts). */
export interface CareerFact {
  id: string;
  kind: CareerEntryKind;
  data: Record<string, unknown>;
}

/** What an answer may rest on besides the bank. */
export interface SourceFacts {
  /** The user's confirmed career-record entries (pending imports are not facts yet). */
  career: CareerFact[];
  /** Texts Gemini may answer from (ref `kind:id`); default: {@link sourcesFromCareer}(career). */
  sources?: GroundingSource[];
  /** Today (YYYY-MM-DD) for open-ended work entries; default: now. */
  today?: string;
}

/** A model call: prompt in, the model's JSON text out. */
export type AnswerLlm = (prompt: string) => Promise<string>;

export interface AnswerOptions {
  /** Below this an LLM answer is no answer (default 0.8). */
  threshold?: number;
}

export const DEFAULT_ANSWER_THRESHOLD = 0.8;

const norm = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[’`]/g, "'")
    .replace(/[\s\u00a0]+/g, " ")
    .trim();

/** Skill names compared loosely: "React.js" = "ReactJS" = "react"; "Node.js" = "Node"; "C++" kept. */
export function skillKey(s: string): string {
  return norm(s)
    .replace(/\.?js$/, "")
    .replace(/\+/g, "p")
    .replace(/#/g, "sharp")
    .replace(/[^a-z0-9]/g, "");
}

/** An option equal to `want` (case, spacing and trailing punctuation aside), or null. */
function option(q: ScreeningQuestion, want: string): string | null {
  const w = norm(want).replace(/[.?!]+$/, "");
  return q.options?.find((o) => norm(o).replace(/[.?!]+$/, "") === w) ?? null;
}

/**
 * A yes/no answer in the question's terms: the option that is plainly "Yes"/"No" (or the only one
 * starting so); for a text field "Yes"/"No".
 */
function yesNo(q: ScreeningQuestion, yes: boolean): string | null {
  if (!q.options?.length) return yes ? "Yes" : "No";
  const exact = option(q, yes ? "Yes" : "No");
  if (exact) return exact;
  const starts = q.options.filter((o) => new RegExp(`^${yes ? "yes" : "no"}\\b`, "i").test(o.trim()));
  return starts.length === 1 ? (starts[0] ?? null) : null;
}

/** `[lo, hi]` of an option like "3-5 years", "5+ years", "15 Days or less", "More than 3 Months", "Immediate". */
function rangeOf(text: string, unitDays: boolean): [number, number] | null {
  const t = norm(text);
  const scale = unitDays && /month/.test(t) ? 30 : unitDays && /week/.test(t) ? 7 : 1;
  if (unitDays && /immediate|^0 days?$/.test(t)) return [0, 0];
  const nums = [...t.replace(/,/g, "").matchAll(/(\d+(?:\.\d+)?)/g)].map((m) => Number(m[1]) * scale);
  const [a, b] = nums;
  if (a === undefined) return null;
  if (b !== undefined && /-|–|to/.test(t)) return [a, b];
  if (/or less|or below|less than|below|under|up ?to|within|<|max/.test(t)) return [0, a];
  if (/more than|above|over|\+|or more|>|plus/.test(t))
    return [a + (/more than|above|over|>/.test(t) ? 0.0001 : 0), Infinity];
  return [a, a];
}

/** The one option whose range holds `value`, or null (none, or more than one). */
function optionFor(q: ScreeningQuestion, value: number, unitDays = false): string | null {
  const hits = (q.options ?? []).filter((o) => {
    const r = rangeOf(o, unitDays);
    return r !== null && value >= r[0] && value <= r[1];
  });
  return hits.length === 1 ? (hits[0] ?? null) : null;
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/** A `date` column's value as YYYY-MM-DD (postgres.js may hand a Date), or null. */
function isoDay(v: string | Date | null | undefined): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
}

const PERSONAL =
  /\b(gender|sex|pronouns?|date of birth|dob|birth ?date|your age|how old|marital|married|religion|caste|category \(|disabilit|differently abled|veteran|ethnicit|race|nationality|father'?s name|pan (card|number)|aadhaa?r|passport number)\b/;

/** Questions about the user's present situation, which only the answer bank may answer. */
const SITUATION =
  /notice period|serving (your |the |a )?notice|last working (day|date)|\blwd\b|relieving date|\bctc\b|salary|compensation|relocat|sponsor|visa|work authori[sz]ation|authori[sz]ed to work|right to work/;

/** Answers from the bank and the career record; null when they do not say. */
function fromBank(q: ScreeningQuestion, bank: AnswerBank, facts: SourceFacts): Answer | null {
  const label = norm(q.label);
  const bankAnswer = (value: string | null): Answer | null =>
    value === null ? null : { value, source: "bank", confidence: 1 };

  // The user's own free-form answers come first (and are the only answers to personal questions).
  const words = (x: string) =>
    ` ${norm(x)
      .replace(/[^a-z0-9₹]+/g, " ")
      .trim()} `;
  for (const c of bank.custom_answers ?? []) {
    const phrase = words(c.question);
    if (phrase.trim() && words(q.label).includes(phrase)) {
      const v = q.options?.length ? option(q, c.answer) : c.answer.trim();
      if (v) return bankAnswer(v);
    }
  }
  if (PERSONAL.test(label)) return null;

  // Serving notice, and the last working day: asked as yes/no or as a date, never answered with
  // the notice period's length.
  if (/last working (day|date)|\blwd\b|relieving date/.test(label)) {
    if (bank.serving_notice === false && !q.options?.length) return bankAnswer("Not serving notice");
    const day = isoDay(bank.last_working_day);
    if (bank.serving_notice !== true || !day) return null;
    // YYYY-MM-DD: what a date input takes, and unambiguous in a text field (unlike 03/04).
    return bankAnswer(day);
  }
  if (
    /serving (your |the |a )?notice|(currently |presently )?(on|in) (your |the |a )?notice period\b/.test(
      label,
    )
  ) {
    if (typeof bank.serving_notice !== "boolean") return null;
    return bankAnswer(yesNo(q, bank.serving_notice));
  }

  // Notice period.
  if (
    /notice period|how soon can you (join|start)|when can you (join|start)|earliest (joining|start)|joining (time|date)|available to join/.test(
      label,
    )
  ) {
    let days = num(bank.notice_period_days);
    // "How soon can you join?" while serving notice: the days left to the last working day, not
    // the notice period's full length ("What is your notice period?" keeps that).
    const lwd = isoDay(bank.last_working_day);
    if (bank.serving_notice === true && lwd && !/notice period/.test(label)) {
      const today = facts.today ?? new Date().toISOString().slice(0, 10);
      days = Math.max(0, Math.round((Date.parse(lwd) - Date.parse(today)) / 86_400_000));
    }
    // Naukri's list ends with "Serving Notice Period": the answer for someone who is.
    const serving = q.options?.find((o) => /serving/i.test(o));
    if (serving && bank.serving_notice === true) return bankAnswer(serving);
    if (q.options?.length) return days === undefined ? null : bankAnswer(optionFor(q, days, true));
    if (days === undefined) return null;
    if (q.kind === "number") return bankAnswer(/month/.test(label) ? fmt(days / 30) : fmt(days));
    return bankAnswer(days === 0 ? "Immediate" : `${fmt(days)} days`);
  }

  // CTC / salary.
  if (/\bctc\b|salary|compensation|\bpackage\b|\bpay\b/.test(label)) {
    const expected = /expect|desired|expectation|looking for/.test(label);
    const lpa = num(expected ? bank.expected_ctc_lpa : bank.current_ctc_lpa);
    if (lpa === undefined) return null;
    if (/per month|monthly|\/ ?month|p\.m\./.test(label)) {
      const monthly = Math.round((lpa * 100_000) / 12);
      return bankAnswer(q.options?.length ? optionFor(q, monthly) : String(monthly));
    }
    const rupees =
      /per annum|annual|yearly|p\.a\.|₹|\binr\b|rupees/.test(label) && !/lpa|lakh|lac|lacs/.test(label);
    const value = rupees ? lpa * 100_000 : lpa;
    if (q.options?.length) {
      // Options say their own unit ("10-15 LPA", "₹10,00,000 - ₹15,00,000").
      const inRupees = q.options.some((o) => /\d{5,}|\d{1,2},\d{2},\d{3}/.test(o.replace(/\s/g, "")));
      return bankAnswer(optionFor(q, inRupees ? lpa * 100_000 : lpa));
    }
    if (q.kind === "number" || rupees || /lpa|lakh|lac/.test(label)) return bankAnswer(fmt(value));
    return bankAnswer(`${fmt(lpa)} LPA`);
  }

  // Years of experience (with a skill, or in total).
  if (/\b(years?|yrs)\b/.test(label) && /experience|worked|working|using|exp\b/.test(label)) {
    const skill = skillOf(q.label);
    let years: number | undefined;
    let source: Answer["source"] = "bank";
    if (skill) {
      const key = skillKey(skill);
      const hit = Object.entries(bank.skill_years ?? {}).find(([k]) => skillKey(k) === key);
      years = num(hit?.[1]);
      if (years === undefined) {
        years = careerYears(facts, skill);
        source = "sources";
      }
    } else {
      years = num(bank.total_experience_years);
      if (years === undefined) {
        years = careerYears(facts, null);
        source = "sources";
      }
    }
    if (years === undefined) return null;
    const value = q.options?.length ? optionFor(q, years) : fmt(years);
    return value === null ? null : { value, source, confidence: source === "bank" ? 1 : 0.9 };
  }

  // Relocation and commuting.
  if (/relocat/.test(label)) {
    if (typeof bank.willing_to_relocate !== "boolean") return null;
    if (!q.options?.length) return bankAnswer(bank.willing_to_relocate ? "Yes" : "No");
    if (bank.willing_to_relocate) {
      const plain = option(q, "Yes");
      if (plain) return bankAnswer(plain);
      // "Yes, I am planning to relocate" (not the commute or relocation-assistance variants).
      const relocate = q.options.filter(
        (o) => /^yes\b/i.test(o) && /relocat/i.test(o) && !/assist|help/i.test(o),
      );
      return bankAnswer(relocate.length === 1 ? (relocate[0] ?? null) : null);
    }
    // Not relocating but maybe commuting: only "No" when the question is about relocating alone.
    if (/commut/.test(label)) return null;
    return bankAnswer(yesNo(q, false));
  }
  if (/commut/.test(label)) {
    const city = bank.current_location && norm(bank.current_location.split(",")[0] ?? "");
    if (!city || !label.includes(city)) return null;
    return bankAnswer(
      q.options?.length
        ? (q.options.find((o) => /^yes\b/i.test(o) && /commut/i.test(o)) ?? yesNo(q, true))
        : "Yes",
    );
  }

  // Sponsorship, then work authorisation.
  if (/sponsor/.test(label)) {
    if (typeof bank.requires_sponsorship !== "boolean") return null;
    return bankAnswer(yesNo(q, bank.requires_sponsorship));
  }
  if (
    /authori[sz]ed to work|work authori[sz]ation|work permit|right to work|eligible to work|legally (allowed|permitted) to work|valid visa/.test(
      label,
    )
  ) {
    const named = countryIn(q.label);
    if (named.length !== 1) return null;
    const yes = authorisedIn(bank.work_authorisation ?? "", named[0] ?? "");
    if (yes === null) return null;
    return bankAnswer(yesNo(q, yes));
  }
  return null;
}

/** Countries by what people write for them (names, demonyms; short forms only in capitals: "US", not "us"). */
const COUNTRY_WORDS: Record<string, RegExp> = {
  india: /\b(india|indian|bharat)\b/i,
  "united states": /\b([Uu]nited [Ss]tates|American)\b|\b(US|USA|U\.S\.A?)(?![\w.])/,
  "united kingdom": /\b([Uu]nited [Kk]ingdom|Britain|British|England)\b|\b(UK|U\.K)(?![\w])/,
  canada: /\b(canada|canadian)\b/i,
  germany: /\b(germany|german)\b/i,
  singapore: /\b(singapore|singaporean)\b/i,
  australia: /\b(australia|australian)\b/i,
  uae: /\b(UAE|united arab emirates|dubai|emirati)\b/i,
};

/** The countries a text (as written, not lower-cased) names. */
function countryIn(text: string): string[] {
  return Object.entries(COUNTRY_WORDS)
    .filter(([, re]) => re.test(text))
    .map(([c]) => c);
}

/**
 * Whether the user's own words about their right to work say they may work in `country`: yes when
 * they name it, no when they name only others ("Indian citizen" asked about Germany), null when
 * they said nothing or hedged (not, need, pending, expired…).
 */
function authorisedIn(statement: string, country: string): boolean | null {
  const t = norm(statement);
  if (
    !t ||
    /\b(not|no|need|needs|require|requires|required|without|pending|applied|expir|awaiting|sponsor)/.test(t)
  )
    return null;
  const named = countryIn(statement);
  if (!named.length) return null;
  return named.includes(country);
}

/** The skill a "years of experience" question asks about, or null for total experience. */
export function skillOf(label: string): string | null {
  const l = label
    .replace(/\s+/g, " ")
    .replace(/[?:.]+\s*$/, "")
    .trim();
  const patterns = [
    /experience (?:do you have |have you )?(?:with|in|on|using|of) (.+?)(?: do you have| have you| in years)?$/i,
    /years have you (?:worked|been working) (?:with|on|in|using) (.+)$/i,
    /years of (?:hands-on |professional |relevant )?(.+?) experience/i,
    /(?:with|in|using) (.+?),? how many years/i,
    /^(.+?) experience \(in years\)$/i,
  ];
  for (const re of patterns) {
    const m = re.exec(l);
    const skill = m?.[1]?.trim();
    // "total work", "relevant", "overall IT": experience in general, not a skill.
    const general =
      /\b(total|overall|work|working|relevant|professional|industry|the|it|software|experience|this|field|role|full[- ]time|paid)\b/gi;
    if (skill?.replace(general, "").replace(/[\s,/&-]+/g, "")) return skill.replace(/^(the|a|an) /i, "");
  }
  return null;
}

/** Years (one decimal) of the work entries mentioning the skill (all of them for null), overlaps merged. */
function careerYears(facts: SourceFacts, skill: string | null): number | undefined {
  const today = facts.today ?? new Date().toISOString().slice(0, 10);
  const key = skill ? skillKey(skill) : null;
  const spans: [number, number][] = [];
  for (const e of facts.career) {
    if (e.kind !== "work") continue;
    const d = e.data as { start_date?: string; end_date?: string };
    if (!d.start_date) continue;
    if (key && skill) {
      const text = norm(Object.values(e.data).flat().join(" "));
      const phrase = norm(skill).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const words = text.split(/[^a-z0-9+#.]+/).map((w) => skillKey(w.replace(/\.$/, "")));
      if (!words.includes(key) && !new RegExp(`(^|[^a-z0-9])${phrase}([^a-z0-9]|$)`).test(text)) continue;
    }
    spans.push([monthIndex(d.start_date), monthIndex(d.end_date ?? today)]);
  }
  if (!spans.length) return undefined;
  spans.sort((a, b) => a[0] - b[0]);
  let months = 0;
  let [s, e] = spans[0] as [number, number];
  for (const [a, b] of spans.slice(1)) {
    if (a <= e) e = Math.max(e, b);
    else {
      months += e - s;
      [s, e] = [a, b];
    }
  }
  months += e - s;
  return Math.round((months / 12) * 10) / 10;
}

function monthIndex(iso: string): number {
  const m = /^(\d{4})(?:-(\d{2}))?/.exec(iso);
  return m ? Number(m[1]) * 12 + (Number(m[2] ?? 1) - 1) : 0;
}

/** The career record as texts Gemini may cite (`record:<id>`). */
export function sourcesFromCareer(career: CareerFact[]): GroundingSource[] {
  const flat = (v: unknown): string =>
    Array.isArray(v)
      ? v.map(flat).join("; ")
      : v && typeof v === "object"
        ? Object.entries(v)
            .map(([k, x]) => `${k.replace(/_/g, " ")}: ${flat(x)}`)
            .join("; ")
        : String(v ?? "");
  return career.map((e) => ({ ref: `record:${e.id}`, text: `${e.kind}: ${flat(e.data)}` }));
}

/** The prompt for one unknown question. */
export function answerPrompt(q: ScreeningQuestion, sources: GroundingSource[]): string {
  return [
    "You fill in one screening question of a job application on behalf of a candidate.",
    "Answer ONLY from the candidate facts below. If they do not state the answer, answer null.",
    "Never guess, never infer personal details, never round to a nearby option.",
    'Reply with JSON: {"answer": string or null, "confidence": number from 0 to 1, "sources": [refs of the facts used]}.',
    q.options?.length
      ? `The answer must be exactly one of the options${q.kind === "checkbox" ? " (several: one per line)" : ""}.`
      : "",
    q.kind === "number" ? "The answer must be a number only." : "",
    "=== CANDIDATE FACTS ===",
    ...sources.map((s) => `[${s.ref}] ${s.text}`),
    "=== END OF FACTS ===",
    `Question: ${q.label}`,
    `Kind: ${q.kind}${q.options?.length ? `; options: ${JSON.stringify(q.options)}` : ""}`,
  ]
    .filter(Boolean)
    .join("\n");
}

async function fromLlm(
  q: ScreeningQuestion,
  sources: GroundingSource[],
  llm: AnswerLlm,
  threshold: number,
): Promise<Answer | null> {
  if (!sources.length) return null;
  let parsed: { answer?: unknown; confidence?: unknown; sources?: unknown };
  try {
    parsed = JSON.parse(await llm(answerPrompt(q, sources)));
  } catch {
    return null;
  }
  const answer = typeof parsed.answer === "string" ? parsed.answer.trim() : "";
  const confidence = typeof parsed.confidence === "number" ? parsed.confidence : 0;
  const cited = Array.isArray(parsed.sources)
    ? parsed.sources.filter((s): s is string => typeof s === "string")
    : [];
  if (!answer || !(confidence >= threshold) || confidence > 1) return null;
  const byRef = new Map(sources.map((s) => [s.ref, s]));
  if (!cited.length || cited.some((r) => !byRef.has(r))) return null;
  let value: string | null = answer;
  if (q.options?.length) {
    const parts = q.kind === "checkbox" ? answer.split("\n") : [answer];
    const picked = parts.map((p) => option(q, p));
    value = picked.every((p) => p !== null) ? picked.join("\n") : null;
  } else {
    if (q.kind === "number" && !/^-?\d+(\.\d+)?$/.test(answer)) return null;
    if (checkClaim({ pointer: `/answers/${q.id}`, text: answer, sources: cited }, byRef)) return null;
  }
  return value === null ? null : { value, source: "sources", confidence };
}

/**
 * The answer to one screening question, or null when nothing the user told us says it.
 * @param llm optional model call for questions the bank does not cover (see {@link geminiAnswerLlm})
 */
export async function answerQuestion(
  q: ScreeningQuestion,
  bank: AnswerBank,
  sources: SourceFacts,
  llm?: AnswerLlm,
  options: AnswerOptions = {},
): Promise<Answer | null> {
  const known = fromBank(q, bank, sources);
  if (known) return known;
  // Personal questions, and the user's present situation (notice, pay, moving, visas), are the
  // user's to answer: no source can say them, so a model is never asked.
  const label = norm(q.label);
  if (PERSONAL.test(label) || SITUATION.test(label) || !llm) return null;
  const list = sources.sources ?? sourcesFromCareer(sources.career);
  return fromLlm(q, list, llm, options.threshold ?? DEFAULT_ANSWER_THRESHOLD);
}

const RESPONSE_SCHEMA = {
  type: "OBJECT",
  properties: {
    answer: { type: "STRING", nullable: true },
    confidence: { type: "NUMBER" },
    sources: { type: "ARRAY", items: { type: "STRING" } },
  },
  required: ["answer", "confidence", "sources"],
};

/**
 * A Gemini call with the user's own key (structured JSON output, temperature 0). Errors propagate
 * to {@link answerQuestion}, which treats them as "no answer".
 */
export function geminiAnswerLlm(opts: {
  apiKey: string;
  baseUrl: string;
  model: string;
  timeoutMs: number;
}): AnswerLlm {
  const ai = new GoogleGenAI({
    vertexai: false,
    apiKey: opts.apiKey,
    httpOptions: { baseUrl: opts.baseUrl, timeout: opts.timeoutMs },
  });
  return async (prompt) => {
    const res = await ai.models.generateContent({
      model: opts.model,
      contents: prompt,
      config: {
        responseMimeType: "application/json",
        // biome-ignore lint/suspicious/noExplicitAny: the SDK's Schema type; the values are its Type strings
        responseSchema: RESPONSE_SCHEMA as any,
        temperature: 0,
        maxOutputTokens: 512,
      },
    });
    return res.text ?? "";
  };
}
