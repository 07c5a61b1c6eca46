/**
 * AI descriptions of repositories: Gemini (`@google/genai`, the user's own key, at
 * `GEMINI_API_BASE_URL`) writes `{description, technologies[]}` as structured JSON from facts
 * fetched from GitHub (`facts.ts` {@link RepositoryFacts}) — and the code, not the prompt, makes
 * sure it invents nothing:
 *
 * **Grounding rule.** The evidence is the text of the facts (name, GitHub description, languages,
 * topics, README excerpt, commit messages).
 * 1. `technologies[]`: an entry is kept only when it is evidenced — its name occurs in the facts
 *    (the no-fabrication guard's whole-value check), or it is a usual alias of something that does
 *    (`grounding.ts` KNOWN_TECHNOLOGIES: `Dockerfile` → Docker). The rest is dropped silently.
 * 2. `description`: the no-fabrication guard (`_shared/contract/grounding.ts`): every name
 *    (capitalised, mixed-case or symbol-bearing word) and number in it must occur in the facts —
 *    with no list of known technologies, so an invented name nobody listed is caught too. If one
 *    does not, the answer is refused and Gemini is asked once more with a stricter prompt that
 *    lists the technologies it may name and the words it used wrongly. If the second answer still
 *    does, nothing is saved and the caller gets 502 `llm_ungrounded` (the user can try Regenerate).
 */
import { type GoogleGenAI, Type } from "@google/genai";
import { z } from "zod";
import { geminiFailure } from "../_shared/contract/gemini.ts";
import { AppError } from "../_shared/errors.ts";
import { geminiClient } from "../_shared/gemini.ts";
import type { RepositoryFacts } from "./facts.ts";
import { describePrompt, evidencedTechnologies, evidenceText, groundAnswer } from "./grounding.ts";

const TIMEOUT_MS = 30_000;

const RESPONSE_SCHEMA = {
  type: Type.OBJECT,
  properties: {
    description: { type: Type.STRING, description: "2–4 sentences, plain text, at most 600 characters." },
    technologies: {
      type: Type.ARRAY,
      items: { type: Type.STRING },
      description: "Technologies that appear in the facts, most important first.",
    },
  },
  required: ["description", "technologies"],
  propertyOrdering: ["description", "technologies"],
};

const Answer = z.object({
  description: z.string().trim().min(1).max(2000),
  technologies: z.array(z.string().max(100)).max(50).default([]),
});

/** What the user reads when a description call fails (the contract's one Gemini mapping). */
const DESCRIBE_CALL = {
  action: "write the description",
  keyHint: "Update it in Settings › API keys & tokens.",
};

/** One generateContent call → the parsed answer, or null when the JSON is unusable. */
async function ask(ai: GoogleGenAI, model: string, prompt: string) {
  let text: string | undefined;
  try {
    const res = await ai.models.generateContent({
      model,
      contents: prompt,
      config: {
        responseMimeType: "application/json",
        responseSchema: RESPONSE_SCHEMA,
        temperature: 0.3,
        maxOutputTokens: 1024,
      },
    });
    text = res.text;
  } catch (err) {
    throw AppError.from(geminiFailure(err, DESCRIBE_CALL), err);
  }
  try {
    const parsed = Answer.safeParse(JSON.parse(text ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface GroundedDescription {
  description: string;
  technologies: string[];
  /** Gemini calls made (1 or 2). */
  attempts: number;
}

/**
 * Writes a grounded description (see the module comment for the rule).
 * @throws AppError `invalid_api_key` (422), `llm_rate_limited` (429), `upstream_unavailable` (502),
 *   `llm_ungrounded` (502). Never retries a failed call; only an ungrounded answer gets a second try.
 */
export async function describeRepository(
  facts: RepositoryFacts,
  opts: { apiKey: string; baseUrl: string; model: string },
): Promise<GroundedDescription> {
  const ai = geminiClient(opts.apiKey, opts.baseUrl, TIMEOUT_MS);
  const evidence = evidenceText(facts);
  const first = await ask(ai, opts.model, describePrompt(facts));
  const checked = first ? groundAnswer(first, facts) : undefined;
  if (checked && checked.unsupported.length === 0) {
    return { description: checked.description, technologies: checked.technologies, attempts: 1 };
  }
  const rejected = checked?.unsupported ?? [];
  const second = await ask(
    ai,
    opts.model,
    describePrompt(facts, {
      allowed: evidencedTechnologies(evidence, facts),
      rejected: rejected.length ? rejected : ["(invalid JSON)"],
    }),
  );
  const again = second ? groundAnswer(second, facts) : undefined;
  if (again && again.unsupported.length === 0) {
    return { description: again.description, technologies: again.technologies, attempts: 2 };
  }
  const named = again?.unsupported ?? rejected;
  throw new AppError(
    "llm_ungrounded",
    named.length
      ? `Gemini described this repository with technologies it does not show (${
        named.join(", ")
      }), so nothing was saved. Try Regenerate.`
      : "Gemini did not return a usable description, so nothing was saved. Try Regenerate.",
    { provider: "gemini", ...(named.length ? { unsupported: named } : {}) },
  );
}
