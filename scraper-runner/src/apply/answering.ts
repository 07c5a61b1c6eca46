/**
 * How a flow's screening questions are answered for one application: first what the user typed
 * for this application (after it stopped as needs_input), by question id or the same wording;
 * then `answerQuestion` (./answers.ts: the answer bank, the confirmed career record, and Gemini
 * with the user's own key only from the user's sources, kept only when confident and grounded).
 * Nothing else: an unknown question gets no answer, the flow stops with needs_input and the
 * user is asked — never a guess.
 */
import type { Tx } from "../db.js";
import { type AnswerBank, type AnswerLlm, answerQuestion, type CareerFact } from "./answers.js";
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

/**
 * `public.apply_answer_banks` as `private.apply_claim_payload` hands it over (to_jsonb of the row):
 * exactly the shape answers.ts reads.
 */
export type AnswerBankRow = AnswerBank;

/** The user's confirmed career-record entries (`tx` runs as the user: RLS). */
export async function careerFacts(tx: Tx): Promise<CareerFact[]> {
  return await tx<CareerFact[]>`
    select id, kind::text as kind, data from public.career_entries
     where user_id = auth.uid() and status = 'confirmed' order by kind, position, created_at`;
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/**
 * The answerer of one application: the user's own answers for it, then the answer bank, the
 * career record and (with `llm`) Gemini from the user's sources; else null.
 */
export function answererFor(
  given: GivenAnswer[],
  bank: AnswerBank,
  career: CareerFact[],
  llm?: AnswerLlm,
): (q: ScreeningQuestion) => Promise<ResolvedAnswer | null> {
  const mine = given.filter((a) => a.source === "user");
  return async (q) => {
    const own =
      mine.find((a) => a.question_id === q.id) ??
      mine.find((a) => a.label && norm(a.label) === norm(q.label));
    if (own) return { value: own.value, source: "user", confidence: 1 };
    return await answerQuestion(q, bank, { career }, llm);
  };
}
