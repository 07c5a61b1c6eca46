/**
 * The contract between the apply orchestration (claiming, caps, stop flag, recording attempts)
 * and the per-portal browser flows. A flow drives one portal's apply UI for one job and reports
 * what happened; it never records anything itself. Everything the flow needs from the user
 * (answers to screening questions, the last-moment go/no-go) comes through the callbacks, so
 * the orchestration decides and the flow only clicks.
 */
export type ScreeningQuestion = {
  id: string;
  label: string;
  kind: "text" | "number" | "select" | "radio" | "checkbox";
  options?: string[];
  required: boolean;
};
export type Answer = { value: string; source: "bank" | "sources"; confidence: number };
export interface ApplyInput {
  portal: "linkedin" | "naukri" | "indeed";
  baseUrl: string;
  jobUrl: string;
  externalJobId: string;
  session: { cookies?: { name: string; value: string; domain?: string; path?: string }[]; token?: string };
  applicant: { fullName: string; email: string; phone?: string; location?: string };
  resumePdf: { fileName: string; bytes: Uint8Array };
  coverLetter?: string;
  answer(q: ScreeningQuestion): Promise<Answer | null>; // null → the flow stops with needs_input
  beforeSubmit(): Promise<boolean>; // false → the flow stops with held, nothing submitted
}
export type ApplyOutcome =
  | { kind: "submitted"; portalApplicationId?: string }
  | { kind: "already_applied" }
  | { kind: "needs_input"; questions: ScreeningQuestion[] }
  | { kind: "held" }
  | { kind: "blocked"; reason: "captcha" | "sign_in" | "restricted" | "rate_limited"; detail: string }
  | { kind: "closed" }
  | { kind: "failed"; error: string };
