/**
 * The Gemini fake's answer to cover-letter prompts (the job-apply function's prompt: a
 * `=== COVER LETTER SOURCES ===` JSON block and a `=== COVER LETTER JOB ===` block), in the
 * structured shape the function asks for: paragraphs of sentences, each `{text, sources}`.
 *
 * Like a real model it mostly stays with the sources, and sometimes does not: the reply holds
 * one sentence that cites the profile for facts no source states ({@link COVER_LETTER_INVENTION}),
 * which the no-fabrication guard must drop, and one that cites a ref the user does not have.
 */

interface StatedSource {
  ref: string;
  kind: string;
  label: string;
  fields: Record<string, unknown>;
}

/** The invented sentence (tests assert it never reaches a letter). */
export const COVER_LETTER_INVENTION = "I led a team of 14 engineers at Quantexa Dynamics.";

function between(prompt: string, begin: string, end: string): string | undefined {
  const a = prompt.indexOf(begin);
  const b = prompt.indexOf(end);
  return a < 0 || b < a ? undefined : prompt.slice(a + begin.length, b).trim();
}

/** The reply to a cover-letter prompt, or undefined for any other prompt. */
export function groundedCoverLetter(prompt: string): unknown {
  const sourcesText = between(prompt, "=== COVER LETTER SOURCES ===", "=== END OF COVER LETTER SOURCES ===");
  const jobText = between(prompt, "=== COVER LETTER JOB ===", "=== END OF COVER LETTER JOB ===");
  if (sourcesText === undefined || jobText === undefined) return undefined;
  let sources: StatedSource[] = [];
  let job: { ref: string; title: string; company: string };
  try {
    sources = JSON.parse(sourcesText) as StatedSource[];
    job = JSON.parse(jobText.split("\n")[0] ?? "{}") as typeof job;
  } catch {
    return undefined;
  }
  const profile = sources.find((s) => s.kind === "profile");
  const skill = sources.find((s) => s.kind === "skill" && typeof s.fields.name === "string");
  const repo = sources.find((s) => s.kind === "repository" && typeof s.fields.name === "string");
  const first = [{ text: `I am applying for the ${job.title} role at ${job.company}.`, sources: [job.ref] }];
  const middle: { text: string; sources: string[] }[] = [];
  if (skill) middle.push({ text: `I work with ${String(skill.fields.name)}.`, sources: [skill.ref] });
  if (repo) middle.push({ text: `I built ${String(repo.fields.name)}.`, sources: [repo.ref] });
  middle.push({ text: COVER_LETTER_INVENTION, sources: profile ? [profile.ref] : [] });
  middle.push({
    text: "I also maintain Hyperflux.",
    sources: ["record:00000000-0000-4000-8000-00000000dead"],
  });
  const last = [
    { text: "I would welcome the chance to talk.", sources: profile ? [profile.ref] : [job.ref] },
  ];
  return { paragraphs: [{ sentences: first }, { sentences: middle }, { sentences: last }] };
}
