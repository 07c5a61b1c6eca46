/**
 * How a flow's screening questions are answered for one application: first what the user typed
 * for this application (after it stopped as needs_input), matched by question id or by the same
 * label; then the answer bank. Nothing else: an unknown question gets no answer, the flow stops
 * with needs_input and the user is asked — never a guess.
 */
import type { ScreeningQuestion } from "./flows/types.js";

/** An answer stored on the application (`job_applications.answers_json`). */
export interface GivenAnswer {
  question_id: string;
  label?: string | null;
  value: string;
  source: "bank" | "sources" | "user";
  confidence: number;
}

/** An answer given during this attempt, recorded with the outcome. */
export type RecordedAnswer = GivenAnswer & { label: string };

export interface ResolvedAnswer {
  value: string;
  source: "bank" | "sources" | "user";
  confidence: number;
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/** Answers the bank's free-form question/answer pairs give for a question with the same wording. */
export function customAnswer(q: ScreeningQuestion, bank: Record<string, unknown>): ResolvedAnswer | null {
  const list = Array.isArray(bank.custom_answers)
    ? (bank.custom_answers as { question?: unknown; answer?: unknown }[])
    : [];
  const hit = list.find((c) => typeof c.question === "string" && norm(c.question) === norm(q.label));
  return hit && typeof hit.answer === "string" ? { value: hit.answer, source: "bank", confidence: 1 } : null;
}

/**
 * The answerer of one application: the user's own answers for it, then `bankAnswer` (the answer
 * bank's matching), else null.
 */
export function answererFor(
  given: GivenAnswer[],
  bank: Record<string, unknown>,
  _job: { title: string; company: string },
  bankAnswer: (
    q: ScreeningQuestion,
    bank: Record<string, unknown>,
  ) => Promise<ResolvedAnswer | null> | ResolvedAnswer | null = customAnswer,
): (q: ScreeningQuestion) => Promise<ResolvedAnswer | null> {
  const mine = given.filter((a) => a.source === "user");
  return async (q) => {
    const own =
      mine.find((a) => a.question_id === q.id) ??
      mine.find((a) => a.label && norm(a.label) === norm(q.label));
    if (own) return { value: own.value, source: "user", confidence: 1 };
    return await bankAnswer(q, bank);
  };
}
