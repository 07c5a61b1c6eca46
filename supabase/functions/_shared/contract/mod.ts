/**
 * The shared contract of every CareerPilot runtime: the Edge Functions (Deno), the runner and
 * scripts (Node) and the web app (Next.js) import this module, never a copy of it. See README.md.
 */
export * from "./crypto.ts";
export * from "./enums.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./gemini.ts";
export * from "./github.ts";
export * from "./resume.ts";
export * from "./resume-html.ts";
export * from "./resume-outline.ts";
export * from "./grounding.ts";
export * from "./unsubscribe.ts";
