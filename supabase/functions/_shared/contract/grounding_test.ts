import { assert, assertEquals } from "../test_assert.ts";
import {
  checkClaim,
  dateWords,
  durationWords,
  evidenceOf,
  type GroundingSource,
  hardFacts,
  unsupportedFacts,
} from "./grounding.ts";

const work: GroundingSource = {
  ref: "record:w1",
  text: [
    "Acme Payments",
    "Senior Backend Engineer",
    "Bengaluru",
    dateWords("2019-04"),
    dateWords("2023-06"),
    durationWords("2019-04", "2023-06", new Date("2026-11-30")),
    "Cut p95 latency of the ledger API by 40% using PostgreSQL partitioning and Node.js workers.",
    "Mentored 3 engineers.",
  ].join("\n"),
};
const repo: GroundingSource = {
  ref: "repository:r1",
  text: "task-api\nREST API for a to-do app\nPython\nfastapi",
};
const byRef = new Map([work, repo].map((s) => [s.ref, s]));

Deno.test("a claim whose facts are all in its sources passes", () => {
  for (
    const text of [
      "Cut p95 latency of the ledger API by 40% using PostgreSQL partitioning.",
      "Mentored three engineers at Acme Payments.",
      "Led Node.js workers for the ledger API.",
      "Senior Backend Engineer at Acme Payments since April 2019.",
      "Over 4 years as a backend engineer.",
    ]
  ) {
    assertEquals(checkClaim({ pointer: "/x", text, sources: ["record:w1"] }, byRef), null, text);
  }
});

Deno.test("fabricated employers, numbers, dates, durations and names are refused with the facts named", () => {
  const cases: [string, string[]][] = [
    ["Led a team of 12 at Google.", ["12", "Google"]],
    ["Cut latency by 75% using PostgreSQL.", ["75"]],
    ["Senior Backend Engineer since March 2015.", ["2015", "March"]],
    ["10 years of backend experience.", ["10"]],
    ["Built the ledger on Zorbulon streams.", ["Zorbulon"]],
    ["Built the ledger with k8s and gRPC.", ["k8s", "gRPC"]],
    ["Mentored a dozen engineers.", ["dozen"]],
  ];
  for (const [text, facts] of cases) {
    const r = checkClaim({ pointer: "/work/0/highlights/0", text, sources: ["record:w1"] }, byRef);
    assert(r, `expected a rejection: ${text}`);
    assertEquals(r.reason, "unsupported_facts");
    assertEquals(r.facts.sort(), facts.sort(), text);
  }
});

Deno.test("an invented name nobody ever listed is caught (no list of known technologies)", () => {
  const invented = `Quxlify${crypto.randomUUID().replace(/[^a-f]/g, "").slice(0, 6)}`;
  const r = checkClaim(
    { pointer: "/skills/0/name", text: `Expert in ${invented}`, sources: ["record:w1"] },
    byRef,
  );
  assertEquals(r?.facts, [invented]);
});

Deno.test("facts must be in the CITED sources, not merely somewhere in the record", () => {
  const r = checkClaim({ pointer: "/x", text: "Built task-api with Python.", sources: ["record:w1"] }, byRef);
  assertEquals(r?.facts, ["Python"]);
  assertEquals(
    checkClaim({ pointer: "/x", text: "Built task-api with Python.", sources: ["repository:r1"] }, byRef),
    null,
  );
});

Deno.test("unknown, foreign or missing sources are refused", () => {
  assertEquals(
    checkClaim({ pointer: "/x", text: "Backend engineer", sources: [] }, byRef)?.reason,
    "no_sources",
  );
  const r = checkClaim({ pointer: "/x", text: "Backend engineer", sources: ["record:someone-elses"] }, byRef);
  assertEquals(r?.reason, "unknown_source");
  assertEquals(r?.facts, ["record:someone-elses"]);
});

Deno.test("whole-value fields must occur as a phrase", () => {
  assertEquals(
    checkClaim({
      pointer: "/work/0/position",
      text: "senior backend engineer",
      sources: ["record:w1"],
      whole: true,
    }, byRef),
    null,
  );
  const r = checkClaim({
    pointer: "/work/0/position",
    text: "Staff engineer",
    sources: ["record:w1"],
    whole: true,
  }, byRef);
  assertEquals(r?.facts, ["Staff"]);
  const lower = checkClaim({
    pointer: "/skills/0/name",
    text: "kubernetes",
    sources: ["record:w1"],
    whole: true,
  }, byRef);
  assertEquals(lower?.facts, ["kubernetes"]);
  assertEquals(
    checkClaim({ pointer: "/work/0/startDate", text: "2019-04", sources: ["record:w1"], whole: true }, byRef),
    null,
  );
  assert(
    checkClaim({ pointer: "/work/0/startDate", text: "2018-04", sources: ["record:w1"], whole: true }, byRef),
  );
});

Deno.test("sentence-initial ordinary words are not names; capitalised ones elsewhere are", () => {
  assertEquals(hardFacts("Built and maintained the service.").length, 0);
  assertEquals(hardFacts("Reduced costs; Improved uptime.").length, 0);
  assertEquals(hardFacts("Worked with Stripe.").map((f) => f.raw), ["Stripe"]);
  assertEquals(hardFacts("Kubernetes operators were built.").map((f) => f.raw), ["Kubernetes"]);
});

Deno.test("numbers compare normalised; possessives and punctuation do not hide a name", () => {
  const ev = evidenceOf("Served 1,200 users in 2021-03 at Acme");
  assertEquals(unsupportedFacts("Served 1200 users in March at Acme's office", ev), ["March"]);
  assertEquals(unsupportedFacts("In 2021-03 at ACME", ev), []);
});
