/**
 * A loopback fake of the Gemini API (generativelanguage.googleapis.com, v1beta) with Google's
 * real response and error shapes, so `@google/genai` pointed at it (`httpOptions.baseUrl`)
 * behaves as against Google:
 *
 *   GET  /v1beta/models[?pageSize&pageToken]          {models, nextPageToken?}
 *   GET  /v1beta/models/{model}                       a model, or 404 NOT_FOUND
 *   POST /v1beta/models/{model}:generateContent       {candidates, usageMetadata, modelVersion, responseId}
 *   POST /v1beta/models/{model}:countTokens           {totalTokens, promptTokensDetails}
 *   GET  /_fake/gemini/usage                          requests per key (for assertions)
 *
 * The key comes from `x-goog-api-key` (what the SDK sends) or `?key=`. What a key does:
 *   - listed in `validKeys`, or starting with `AIzaFAKEvalid` → works
 *   - starting with `AIzaFAKEquota` → 429 RESOURCE_EXHAUSTED (with RetryInfo 43s)
 *   - starting with `AIzaFAKEdrop`  → the connection is destroyed without a reply ("unreachable")
 *   - missing → 403 PERMISSION_DENIED; anything else → 400 INVALID_ARGUMENT / API_KEY_INVALID
 * Replies to generateContent come from `respond` (default: a short fixed text, or `{}` when JSON
 * output was asked for); later stacks can pass their own.
 *
 * Repository descriptions (the projects stack): when JSON output is asked for and the prompt holds
 * a `=== REPOSITORY FACTS ===` … `=== END OF FACTS ===` block, the default reply is
 * `{description, technologies}` derived only from those facts (deterministic). Keys that work for
 * `models.list` (so they can be saved) but change generateContent:
 *   - `AIzaFAKEinventonce…` → invents "Kubernetes" in description and technologies, unless the
 *     prompt carries the stricter retry's `STRICT GROUNDING:` marker
 *   - `AIzaFAKEinventlist…` → adds "Kubernetes" to technologies only
 *   - `AIzaFAKEinvent…`     → always invents "Kubernetes" in description and technologies
 *   - `AIzaFAKEgenquota…`   → generateContent answers 429 RESOURCE_EXHAUSTED (RetryInfo 43s)
 *   - `AIzaFAKEgenbad…`     → generateContent answers 400 API_KEY_INVALID (a key revoked since it was saved)
 *   - `AIzaFAKEfabricate…`  → resume builds lie in every field (`gemini-resume.ts`)
 * Resume builds (a `=== CAREER SOURCES ===` block) get a grounded answer, resume imports (a
 * `=== RESUME TEXT ===` block) the text structured plus two inventions (`gemini-resume.ts`), cover
 * letters (a `=== COVER LETTER SOURCES ===` block) sentences citing sources plus one invention
 * (`gemini-cover-letter.ts`).
 * `usage[key].lastPrompt` keeps the last generateContent prompt.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { groundedCoverLetter } from "./gemini-cover-letter.js";
import { fabricatedResume, groundedResume, importedResume } from "./gemini-resume.js";
import { readJson, sendJson } from "./http.js";

/** A key the fake accepts (39 characters, like Google's). */
export const FAKE_GEMINI_VALID_KEY = "AIzaFAKEvalid-000000000000000000000000a";
/** A key the fake answers with 429 RESOURCE_EXHAUSTED. */
export const FAKE_GEMINI_QUOTA_KEY = "AIzaFAKEquota-000000000000000000000000q";
/** A key for which the fake drops the connection (the caller sees a network error). */
export const FAKE_GEMINI_DROP_KEY = "AIzaFAKEdrop-0000000000000000000000000d";

/** Saved fine; generateContent invents a technology on the first try only (grounding guard retries). */
export const FAKE_GEMINI_INVENT_ONCE_KEY = "AIzaFAKEinventonce-000000000000000000000";
/** Saved fine; generateContent always invents a technology in the description. */
export const FAKE_GEMINI_INVENT_KEY = "AIzaFAKEinvent-00000000000000000000000000";
/** Saved fine; generateContent lists an invented technology (description stays grounded). */
export const FAKE_GEMINI_INVENT_LIST_KEY = "AIzaFAKEinventlist-000000000000000000000";
/** Saved fine; generateContent answers 429. */
export const FAKE_GEMINI_GEN_QUOTA_KEY = "AIzaFAKEgenquota-00000000000000000000000";
/** Saved fine; generateContent answers 400 API_KEY_INVALID. */
export const FAKE_GEMINI_GEN_INVALID_KEY = "AIzaFAKEgenbad-0000000000000000000000000";
/** Saved fine; resume builds fabricate employers, skills, numbers and dates in every field (`gemini-resume.ts`). */
export const FAKE_GEMINI_FABRICATE_KEY = "AIzaFAKEfabricate-0000000000000000000000";
/** The technology the invent modes make up. */
export const FAKE_GEMINI_INVENTED = "Kubernetes";

/** A fresh valid key (unique per call), e.g. to tell test users' keys apart. */
export function fakeGeminiValidKey(tag: string): string {
  return `AIzaFAKEvalid-${tag}`.padEnd(39, "0").slice(0, 60);
}

const JSON_TYPE = "application/json; charset=UTF-8";

const MODELS = [
  {
    name: "models/gemini-2.5-flash",
    version: "001",
    displayName: "Gemini 2.5 Flash",
    description:
      "Stable version of Gemini 2.5 Flash, our mid-size multimodal model that supports up to 1 million tokens.",
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: [
      "generateContent",
      "countTokens",
      "createCachedContent",
      "batchGenerateContent",
    ],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: true,
  },
  {
    name: "models/gemini-2.5-pro",
    version: "2.5",
    displayName: "Gemini 2.5 Pro",
    description: "Stable release of Gemini 2.5 Pro.",
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: [
      "generateContent",
      "countTokens",
      "createCachedContent",
      "batchGenerateContent",
    ],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: true,
  },
  {
    name: "models/gemini-2.5-flash-lite",
    version: "001",
    displayName: "Gemini 2.5 Flash-Lite",
    description: "Stable version of Gemini 2.5 Flash-Lite.",
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: [
      "generateContent",
      "countTokens",
      "createCachedContent",
      "batchGenerateContent",
    ],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: true,
  },
];

/** The parts of a generateContent request the responder sees. */
export interface GenerateRequest {
  model: string;
  /** All text parts of `contents`, joined with newlines. */
  prompt: string;
  body: Record<string, unknown>;
}

export type GeminiResponder = (req: GenerateRequest) => string;

export interface FakeGeminiOptions {
  validKeys?: string[];
  respond?: GeminiResponder;
}

function googleError(code: number, status: string, message: string, details?: unknown[]) {
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}

const INVALID_KEY = googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [
  {
    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
    reason: "API_KEY_INVALID",
    domain: "googleapis.com",
    metadata: { service: "generativelanguage.googleapis.com" },
  },
  {
    "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
    locale: "en-US",
    message: "API key not valid. Please pass a valid API key.",
  },
]);

const NO_KEY = googleError(
  403,
  "PERMISSION_DENIED",
  "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
);

function quotaError(model: string) {
  return googleError(
    429,
    "RESOURCE_EXHAUSTED",
    "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
    [
      {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        violations: [
          {
            quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
            quotaDimensions: { location: "global", model },
            quotaValue: "10",
          },
        ],
      },
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        links: [
          {
            description: "Learn more about Gemini API quotas",
            url: "https://ai.google.dev/gemini-api/docs/rate-limits",
          },
        ],
      },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "43s" },
    ],
  );
}

function promptText(body: Record<string, unknown>): string {
  const contents = Array.isArray(body.contents) ? body.contents : [];
  const texts: string[] = [];
  for (const c of contents as { parts?: { text?: unknown }[] }[]) {
    for (const p of c.parts ?? []) if (typeof p.text === "string") texts.push(p.text);
  }
  return texts.join("\n");
}

const countTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/** The facts block of a repository-description prompt, parsed; undefined when there is none. */
export function repositoryFactsOf(
  prompt: string,
):
  | { repository: string; description: string | null; languages: string[]; topics: string[]; readme: string }
  | undefined {
  const start = prompt.indexOf("=== REPOSITORY FACTS ===");
  const end = prompt.indexOf("=== END OF FACTS ===");
  if (start < 0 || end < start) return undefined;
  const block = prompt.slice(start, end);
  const line = (label: string) => new RegExp(`^${label}: (.*)$`, "m").exec(block)?.[1]?.trim() ?? "";
  const list = (v: string) =>
    v === "(none)" || !v
      ? []
      : v
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean);
  const description = line("GitHub description");
  return {
    repository: line("Repository"),
    description: description && description !== "(none)" ? description : null,
    languages: list(line("Languages \\(by size\\)")).map((l) => l.replace(/\s+[\d.]+%$/, "")),
    topics: list(line("Topics")),
    readme: block.slice(block.indexOf("README excerpt:") + "README excerpt:".length).trim(),
  };
}

/** A description built only from the facts (what a well-behaved model would write). */
function groundedDescription(prompt: string): { description: string; technologies: string[] } | undefined {
  const facts = repositoryFactsOf(prompt);
  if (!facts) return undefined;
  const name = facts.repository.split("/").pop() || facts.repository;
  const langs = facts.languages.slice(0, 3);
  const parts = [
    `${name} is ${facts.description ? `a project described as "${facts.description}"` : "a software project"}.`,
    langs.length ? `It is written mainly in ${langs.join(" and ")}.` : "",
    facts.topics.length ? `Its topics are ${facts.topics.join(", ")}.` : "",
  ];
  return {
    description: parts.filter(Boolean).join(" "),
    technologies: [...langs, ...facts.topics.slice(0, 5)],
  };
}

const defaultResponder: GeminiResponder = ({ body, prompt }) => {
  const config = (body.generationConfig ?? {}) as { responseMimeType?: string };
  if (config.responseMimeType !== "application/json") return "This is a reply from the fake Gemini API.";
  const resume = groundedResume(prompt) ?? importedResume(prompt) ?? groundedCoverLetter(prompt);
  if (resume) return JSON.stringify(resume);
  const grounded = groundedDescription(prompt);
  return grounded ? JSON.stringify(grounded) : "{}";
};

/** What an invent-mode key does to a grounded answer. */
function invent(text: string, key: string, prompt: string): string {
  let answer: { description: string; technologies: string[] };
  try {
    answer = JSON.parse(text) as typeof answer;
    if (typeof answer.description !== "string" || !Array.isArray(answer.technologies)) return text;
  } catch {
    return text;
  }
  if (key.startsWith("AIzaFAKEinventlist")) {
    return JSON.stringify({ ...answer, technologies: [...answer.technologies, FAKE_GEMINI_INVENTED] });
  }
  if (key.startsWith("AIzaFAKEinventonce") && prompt.includes("STRICT GROUNDING:")) return text;
  return JSON.stringify({
    description: `${answer.description} It runs on ${FAKE_GEMINI_INVENTED}.`,
    technologies: [...answer.technologies, FAKE_GEMINI_INVENTED],
  });
}

/** The fake's state and request handler (mount it on any node:http server). */
export class GeminiFake {
  readonly validKeys: Set<string>;
  respond: GeminiResponder;
  /** Requests per key (every key the fake saw, valid or not). */
  readonly usage = new Map<
    string,
    { requests: number; generate: number; lastModel?: string; lastPrompt?: string }
  >();
  baseUrl = "http://127.0.0.1";

  constructor(options: FakeGeminiOptions = {}) {
    this.validKeys = new Set(options.validKeys ?? [FAKE_GEMINI_VALID_KEY]);
    this.respond = options.respond ?? defaultResponder;
  }

  reset(): void {
    this.usage.clear();
  }

  private kindOf(key: string | undefined): "valid" | "quota" | "drop" | "missing" | "invalid" {
    if (!key) return "missing";
    if (this.validKeys.has(key) || key.startsWith("AIzaFAKEvalid")) return "valid";
    // Keys that work for models.list but change generateContent (see the module comment).
    if (/^AIzaFAKE(invent|genquota|genbad|fabricate)/.test(key)) return "valid";
    if (key.startsWith("AIzaFAKEquota")) return "quota";
    if (key.startsWith("AIzaFAKEdrop")) return "drop";
    return "invalid";
  }

  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const method = req.method ?? "GET";
    if (method === "GET" && url.pathname === "/_fake/gemini/usage") {
      return sendJson(res, 200, { usage: Object.fromEntries(this.usage) });
    }
    const m = /^\/v1beta\/models(?:\/([^/:]+)(?::(generateContent|countTokens))?)?$/.exec(url.pathname);
    if (!m) return sendJson(res, 404, googleError(404, "NOT_FOUND", "Not found."), {}, JSON_TYPE);
    const [, model, action] = m;

    const header = req.headers["x-goog-api-key"];
    const key = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get("key") ?? undefined;
    const kind = this.kindOf(key);
    if (kind === "drop") {
      req.socket.destroy();
      return;
    }
    if (key) {
      const u = this.usage.get(key) ?? { requests: 0, generate: 0 };
      u.requests += 1;
      if (model) u.lastModel = model;
      if (action === "generateContent") u.generate += 1;
      this.usage.set(key, u);
    }
    if (kind === "missing") return sendJson(res, 403, NO_KEY, {}, JSON_TYPE);
    if (kind === "invalid") return sendJson(res, 400, INVALID_KEY, {}, JSON_TYPE);
    if (kind === "quota") return sendJson(res, 429, quotaError(model ?? "gemini-2.5-flash"), {}, JSON_TYPE);

    if (!model) {
      if (method !== "GET")
        return sendJson(res, 405, googleError(405, "METHOD_NOT_ALLOWED", "Method not allowed."));
      const size = Math.min(Math.max(Number(url.searchParams.get("pageSize")) || 50, 1), 1000);
      const start = Number(url.searchParams.get("pageToken") ?? 0) || 0;
      const page = MODELS.slice(start, start + size);
      const next = start + size < MODELS.length ? { nextPageToken: String(start + size) } : {};
      return sendJson(res, 200, { models: page, ...next }, {}, JSON_TYPE);
    }

    const found = MODELS.find((x) => x.name === `models/${model}`);
    if (!found) {
      return sendJson(
        res,
        404,
        googleError(
          404,
          "NOT_FOUND",
          `models/${model} is not found for API version v1beta, or is not supported for ${action ?? "generateContent"}. Call ListModels to see the list of available models and their supported methods.`,
        ),
        {},
        JSON_TYPE,
      );
    }
    if (!action) {
      if (method !== "GET")
        return sendJson(res, 405, googleError(405, "METHOD_NOT_ALLOWED", "Method not allowed."));
      return sendJson(res, 200, found, {}, JSON_TYPE);
    }
    if (method !== "POST")
      return sendJson(res, 405, googleError(405, "METHOD_NOT_ALLOWED", "Method not allowed."));

    const body = ((await readJson(req)) ?? {}) as Record<string, unknown>;
    const prompt = promptText(body);
    if (!prompt && !(action === "countTokens" && body.generateContentRequest)) {
      return sendJson(
        res,
        400,
        googleError(
          400,
          "INVALID_ARGUMENT",
          "* GenerateContentRequest.contents: contents is not specified\n",
        ),
        {},
        JSON_TYPE,
      );
    }
    if (action === "countTokens") {
      const n = countTokens(prompt);
      return sendJson(
        res,
        200,
        { totalTokens: n, promptTokensDetails: [{ modality: "TEXT", tokenCount: n }] },
        {},
        JSON_TYPE,
      );
    }
    if (key) {
      const u = this.usage.get(key);
      if (u) u.lastPrompt = prompt;
    }
    if (key?.startsWith("AIzaFAKEgenquota")) return sendJson(res, 429, quotaError(model), {}, JSON_TYPE);
    if (key?.startsWith("AIzaFAKEgenbad")) return sendJson(res, 400, INVALID_KEY, {}, JSON_TYPE);
    const fabricated = key?.startsWith("AIzaFAKEfabricate") ? fabricatedResume(prompt) : undefined;
    const reply = fabricated ? JSON.stringify(fabricated) : this.respond({ model, prompt, body });
    const text = key?.startsWith("AIzaFAKEinvent") ? invent(reply, key, prompt) : reply;
    const promptTokens = countTokens(prompt);
    const outputTokens = countTokens(text);
    return sendJson(
      res,
      200,
      {
        candidates: [{ content: { parts: [{ text }], role: "model" }, finishReason: "STOP", index: 0 }],
        usageMetadata: {
          promptTokenCount: promptTokens,
          candidatesTokenCount: outputTokens,
          totalTokenCount: promptTokens + outputTokens,
          promptTokensDetails: [{ modality: "TEXT", tokenCount: promptTokens }],
        },
        modelVersion: model,
        responseId: Math.random().toString(36).slice(2, 24),
      },
      {},
      JSON_TYPE,
    );
  };
}
