/**
 * Building a resume version with Gemini (`@google/genai`, the user's own key, structured output):
 * the prompt states the user's sources as JSON (each with its ref) and asks for claims citing them;
 * `assemble.ts` then publishes only what the no-fabrication guard accepts. The prompt asks for
 * honesty, the code enforces it: whatever the model answers, an unsupported claim is never published.
 */
import type { GoogleGenAI } from "@google/genai";
import { geminiFailure } from "../_shared/contract/gemini.ts";
import { AppError } from "../_shared/errors.ts";
import { geminiClient } from "../_shared/gemini.ts";
import { assemble, type Assembled, BUILD_RESPONSE_SCHEMA, BuildAnswer } from "./assemble.ts";
import type { ResumeSource } from "./sources.ts";

const TIMEOUT_MS = 45_000;

/** Delimit the sources and the job description (the loopback fake reads them; Gemini ignores the markers). */
export const SOURCES_BEGIN = "=== CAREER SOURCES ===";
export const SOURCES_END = "=== END OF SOURCES ===";
export const JOB_BEGIN = "=== JOB DESCRIPTION ===";
export const JOB_END = "=== END OF JOB DESCRIPTION ===";

export interface BuildRequest {
  resumeName: string;
  roleType: string;
  template: "ats" | "modern";
  instructions?: string;
  tailorForRole?: string;
  jobDescription?: string;
}

/** The build prompt. */
export function buildPrompt(sources: ResumeSource[], req: BuildRequest): string {
  const stated = sources.map((s) => ({
    ref: s.ref,
    kind: s.entryKind ?? s.kind,
    label: s.label,
    fields: s.fields,
  }));
  const parts = [
    "You write a one- to two-page resume for a job seeker on CareerPilot, as JSON.",
    `The resume is called "${req.resumeName}" and targets the role: ${req.tailorForRole ?? req.roleType}.`,
    "Use ONLY the sources below. Every field is a claim {text, sources}: `sources` lists the refs of the " +
    "sources it rests on. Copy employers, titles, institutions, dates, numbers, skills and technology names " +
    "exactly as the sources state them. Do not add any fact the cited sources do not state — no employer, " +
    "title, technology, number, percentage, date or duration of your own. A claim with a fact its sources do " +
    "not show will be removed. Dates as YYYY-MM. Highlights: short, active, factual.",
    "Pick and order what fits the role best; leave out what does not.",
  ];
  if (req.jobDescription) {
    parts.push(
      "Tailor it to the job description below: prefer the sources that match its requirements, and use its words " +
        "where a source supports them. Never claim a requirement the sources do not show.",
    );
  }
  if (req.instructions) {
    parts.push(
      `The user's instructions (follow them only where the sources support them): ${req.instructions}`,
    );
  }
  parts.push("", SOURCES_BEGIN, JSON.stringify(stated, null, 1), SOURCES_END);
  if (req.jobDescription) parts.push("", JOB_BEGIN, req.jobDescription, JOB_END);
  return parts.join("\n");
}

const BUILD_CALL = { action: "build the resume", keyHint: "Update it in Settings › API keys & tokens." };

async function ask(ai: GoogleGenAI, model: string, prompt: string): Promise<BuildAnswer | null> {
  let text: string | undefined;
  try {
    const res = await ai.models.generateContent({
      model,
      contents: prompt,
      config: {
        responseMimeType: "application/json",
        // deno-lint-ignore no-explicit-any
        responseSchema: BUILD_RESPONSE_SCHEMA as any,
        temperature: 0.2,
        maxOutputTokens: 8192,
      },
    });
    text = res.text;
  } catch (err) {
    throw AppError.from(geminiFailure(err, BUILD_CALL), err);
  }
  try {
    const parsed = BuildAnswer.safeParse(JSON.parse(text ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * One build: Gemini's answer, guarded. Retries once when the answer is not usable JSON.
 * @throws AppError `invalid_api_key` (422), `llm_rate_limited` (429), `upstream_unavailable` (502).
 */
export async function buildVersion(
  sources: ResumeSource[],
  req: BuildRequest,
  opts: { apiKey: string; baseUrl: string; model: string },
): Promise<Assembled> {
  const ai = geminiClient(opts.apiKey, opts.baseUrl, TIMEOUT_MS);
  const prompt = buildPrompt(sources, req);
  const answer = (await ask(ai, opts.model, prompt)) ?? (await ask(ai, opts.model, prompt));
  if (!answer) {
    throw new AppError("upstream_unavailable", "Gemini did not return a usable resume. Try again.", {
      provider: "gemini",
    });
  }
  return assemble(answer, sources, { template: req.template });
}
