import { assert, assertEquals } from "../_shared/test_assert.ts";
import type { ResumeDocument } from "../_shared/contract/resume.ts";
import { assemble, BuildAnswer } from "./assemble.ts";
import { atsScore, jobKeywords } from "./ats.ts";
import { diffResumes } from "./diff.ts";
import type { ResumeSource } from "./sources.ts";

const profile: ResumeSource = {
  ref: "profile:u1",
  kind: "profile",
  id: "u1",
  label: "Your profile",
  fields: { name: "Asha Rao", email: "asha@example.test", github_url: "https://github.com/asha" },
  text: "Asha Rao\nasha@example.test",
};
const work: ResumeSource = {
  ref: "record:w1",
  kind: "record",
  id: "w1",
  entryKind: "work",
  label: "Acme — Engineer",
  fields: { organization: "Acme", title: "Engineer" },
  text: "Acme\nEngineer\n2020-01 January 2020 Jan 2020\nShipped the billing service in Go.",
};
const repo: ResumeSource = {
  ref: "repository:r1",
  kind: "repository",
  id: "r1",
  label: "Repository: asha/ledger",
  fields: { name: "ledger", url: "https://github.com/asha/ledger", languages: ["Go"] },
  text: "ledger\nasha/ledger\nGo\nA double-entry ledger.",
};
const sources = [profile, work, repo];
const c = (text: string, ...s: string[]) => ({ text, sources: s });

Deno.test("assemble: published claims carry provenance; a failed employer drops its entry with its claims", () => {
  const answer = BuildAnswer.parse({
    summary: c("Engineer at Acme.", "record:w1"),
    work: [
      {
        name: c("Acme", "record:w1"),
        position: c("Engineer", "record:w1"),
        startDate: c("2020-01", "record:w1"),
        highlights: [
          c("Shipped the billing service in Go.", "record:w1"),
          c("Grew revenue 30%.", "record:w1"),
        ],
      },
      { name: c("Initech", "record:w1"), highlights: [c("Did things.", "record:w1")] },
    ],
    projects: [{
      name: c("ledger", "repository:r1"),
      keywords: [c("Go", "repository:r1"), c("Rust", "repository:r1")],
    }],
    skills: [{ name: c("Go", "record:w1") }, { name: c("Go", "record:nope") }],
    education: [],
  });
  const { doc, rejected, sourceRepoIds } = assemble(answer, sources, { template: "ats" });
  assertEquals(doc.work?.length, 1);
  assertEquals(doc.work?.[0]?.highlights, ["Shipped the billing service in Go."]);
  assertEquals(doc.meta.provenance["/work/0/highlights/0"], [{ kind: "record", id: "w1" }]);
  assertEquals(doc.projects?.[0]?.url, "https://github.com/asha/ledger");
  assertEquals(doc.projects?.[0]?.keywords, ["Go"]);
  assertEquals(doc.basics.profiles, [{ network: "GitHub", url: "https://github.com/asha" }]);
  assertEquals(sourceRepoIds, ["r1"]);
  assertEquals(
    rejected.map((r) => [r.pointer, r.reason]),
    [
      ["/work/0/highlights/1", "unsupported_facts"],
      ["/work/1/name", "unsupported_facts"],
      ["/work/1", "entry_rejected"],
      ["/skills/1/name", "unknown_source"],
      ["/projects/0/keywords/1", "unsupported_facts"],
    ],
  );
});

Deno.test("diff: changed, added and removed lines; reordering is no change", () => {
  const base: ResumeDocument = {
    basics: { name: "A", label: "Engineer" },
    skills: [{ name: "Go" }, { name: "SQL" }],
    meta: { provenance: {} },
  };
  const next: ResumeDocument = {
    basics: { name: "A", label: "Senior engineer" },
    skills: [{ name: "SQL" }, { name: "Go" }, { name: "Kafka" }],
    meta: { provenance: {} },
  };
  const d = diffResumes(base, next);
  assertEquals(d.changed, [{ pointer: "/basics/label", before: "Engineer", after: "Senior engineer" }]);
  assertEquals(d.added, [{ pointer: "/skills/2/name", text: "Kafka" }]);
  assertEquals(d.removed, []);
  assertEquals(diffResumes(next, base).removed, [{ pointer: "/skills/2/name", text: "Kafka" }]);
});

Deno.test("ATS: keywords from the job description; gaps vs keywords the sources support", () => {
  const jd =
    "Backend Engineer: Go, Kafka and PostgreSQL. You will build Kafka consumers in Go. Kubernetes a plus.";
  const kws = jobKeywords(jd);
  for (const k of ["Go", "Kafka", "PostgreSQL", "Kubernetes"]) {
    assert(kws.includes(k), `${k} in ${kws.join(",")}`);
  }
  assert(!kws.includes("will") && !kws.includes("plus"));
  const doc: ResumeDocument = {
    basics: { name: "A", email: "a@x", summary: "Engineer." },
    work: [{ name: "Acme", highlights: ["Built Go services."] }],
    skills: [{ name: "Go" }],
    meta: { provenance: {} },
  };
  const r = atsScore(doc, jd, "Go Kafka");
  assert(r.matched_keywords.includes("Go"));
  assertEquals(r.missing_keywords.find((k) => k.keyword === "Kafka")?.in_sources, true);
  assertEquals(r.missing_keywords.find((k) => k.keyword === "Kubernetes")?.in_sources, false);
  assertEquals(r.missing_sections, ["education"]);
  const noJd = atsScore(doc, undefined, "");
  assertEquals(noJd.breakdown.keywords, null);
  assert(noJd.score > 0 && noJd.score <= 100);
});
