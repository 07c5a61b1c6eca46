import { assert, assertEquals } from "../_shared/test_assert.ts";
import {
  describePrompt,
  evidenceText,
  groundAnswer,
  isEvidenced,
  knownTechnology,
  STRICT_MARKER,
  unsupportedMentions,
} from "./grounding.ts";
import { readmeExcerpt, type RepositoryFacts, retryAfterSeconds, toGitHubFailure } from "./facts.ts";

const facts: RepositoryFacts = {
  fullName: "octocat/task-api",
  description: "REST API for a to-do app",
  languages: [{ name: "Python", percent: 98.6 }, { name: "Dockerfile", percent: 0.8 }],
  topics: ["fastapi", "postgresql"],
  commits: ["Paginate GET /tasks", "Add Alembic migrations"],
  readme: "A small REST API written in Python with FastAPI, storing data in PostgreSQL.",
};

Deno.test("grounding: technologies not in the facts are dropped; known ones get their usual names", () => {
  const checked = groundAnswer(
    {
      description: "A REST API in Python.",
      technologies: ["python", "fastapi", "Kubernetes", "Redis", "Alembic", "Postgres"],
    },
    facts,
  );
  assertEquals(checked.technologies, ["Python", "FastAPI", "Alembic", "PostgreSQL"]);
  assertEquals(checked.unsupported, []);
});

Deno.test("grounding: a description naming an unshown technology is flagged", () => {
  const checked = groundAnswer(
    { description: "A Python API deployed on Kubernetes with a React front end.", technologies: [] },
    facts,
  );
  assertEquals(checked.unsupported, ["Kubernetes", "React"]);
});

Deno.test("grounding: ordinary words are not technologies (go-to, rust, express)", () => {
  const evidence = evidenceText(facts);
  assertEquals(
    unsupportedMentions("The go-to API for tasks; no rust, it can express deadlines.", evidence),
    [],
  );
  assertEquals(unsupportedMentions("Written in Go and Rust.", evidence), ["Go", "Rust"]);
});

Deno.test("grounding: an invented technology no list knows is flagged in the description", () => {
  const checked = groundAnswer(
    {
      description: "A Python API that streams tasks through Zorblax queues to 40 workers.",
      technologies: ["Zorblax"],
    },
    facts,
  );
  assertEquals(checked.unsupported, ["40", "Zorblax"]);
  assertEquals(checked.technologies, []);
});

Deno.test("grounding: evidence comes from languages, topics, README and commits", () => {
  const evidence = evidenceText(facts);
  assert(isEvidenced("Docker", evidence), "Dockerfile evidences Docker");
  assert(isEvidenced("Alembic", evidence), "a commit message evidences Alembic");
  assert(!isEvidenced("Django", evidence));
  assertEquals(knownTechnology("nodejs")?.name, "Node.js");
  assertEquals(knownTechnology("Alembic"), undefined);
});

Deno.test("the strict prompt names what was rejected and what is allowed; facts are delimited", () => {
  const prompt = describePrompt(facts, { allowed: ["Python", "FastAPI"], rejected: ["Kubernetes"] });
  assert(prompt.includes(`${STRICT_MARKER} your previous answer named Kubernetes`));
  assert(prompt.includes("The technologies you may name are: Python, FastAPI."));
  assert(prompt.includes("Languages (by size): Python 98.6%, Dockerfile 0.8%"));
  assert(prompt.includes("- Paginate GET /tasks"));
});

Deno.test("README excerpt: badges, images, HTML and link targets removed; capped", () => {
  const text =
    '# x\n\n[![CI](https://x/badge.svg)](https://x)\n<p align="center">Hi</p>\nSee [docs](https://d).\n';
  assertEquals(readmeExcerpt(text), "# x\n\nHi\nSee docs.");
  assertEquals(readmeExcerpt("a".repeat(5000)).length, 4001);
});

Deno.test("GitHub failures: 401 rejected; 403/429 with remaining 0 or retry-after rate limited; others", () => {
  const err = (status: number, headers: Record<string, string> = {}) => ({ status, response: { headers } });
  assertEquals(toGitHubFailure(err(401)).kind, "token_rejected");
  const limited = toGitHubFailure(
    err(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2000000000" }),
  );
  assertEquals(limited.kind, "rate_limited");
  assert((limited.retryAfterS ?? 0) > 0);
  assertEquals(toGitHubFailure(err(429, { "retry-after": "42" })).retryAfterS, 42);
  assertEquals(toGitHubFailure(err(403, { "x-ratelimit-remaining": "4000" })).kind, "not_found");
  assertEquals(toGitHubFailure(err(502, {})).kind, "unavailable");
  assertEquals(toGitHubFailure(new TypeError("fetch failed")).kind, "unavailable");
  assertEquals(retryAfterSeconds({ "x-ratelimit-reset": "1000" }, 990_500), 10);
});
