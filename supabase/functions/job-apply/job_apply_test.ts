import type { ResumeDocument } from "../_shared/contract/resume.ts";
import { assert, assertEquals } from "../_shared/test_assert.ts";
import type { ResumeSource } from "../resumes/sources.ts";
import {
  type CoverJob,
  draftCoverLetter,
  groundCoverLetter,
  groundingRecord,
  jobSource,
} from "./cover-letter.ts";
import { chooseVersion, jobText, rankVersions, type VersionCandidate } from "./resume-choice.ts";

const profile: ResumeSource = {
  ref: "profile:u1",
  kind: "profile",
  id: "u1",
  label: "Your profile",
  fields: { name: "Asha Rao" },
  text: "Asha Rao\nasha@example.test",
};
const kafka: ResumeSource = {
  ref: "record:s1",
  kind: "record",
  id: "s1",
  entryKind: "skill",
  label: "Skill: Kafka",
  fields: { kind: "skill", name: "Kafka" },
  text: "skill\nKafka",
};
const job: CoverJob = {
  id: "j1",
  title: "Platform Engineer",
  company: "Streamly",
  location: "Pune",
  description: "We need Kubernetes, Terraform and 8 years of Go.",
};

Deno.test("cover letter: sentences resting on their sources stay; invented facts and unknown refs are dropped", () => {
  const out = groundCoverLetter(
    {
      paragraphs: [
        {
          sentences: [{
            text: "I am applying for the Platform Engineer role at Streamly.",
            sources: ["job:j1"],
          }],
        },
        {
          sentences: [
            { text: "I work with Kafka.", sources: ["record:s1"] },
            { text: "I have 8 years of Go and run Kubernetes.", sources: ["job:j1"] },
            { text: "I led 14 engineers at Quantexa.", sources: ["profile:u1"] },
            { text: "I built Hyperflux.", sources: ["repository:someone-elses"] },
            { text: "I am keen to help.", sources: [] },
          ],
        },
      ],
    },
    [profile, kafka],
    job,
  );
  assertEquals(out.text, "I am applying for the Platform Engineer role at Streamly.\n\nI work with Kafka.");
  assertEquals(out.claims.length, 2);
  assertEquals(out.rejected.map((r) => r.reason), [
    "unsupported_facts",
    "unsupported_facts",
    "unknown_source",
    "no_sources",
  ]);
  assert(
    out.rejected[0]!.facts.includes("8"),
    "the job's description is not evidence about the user: its requirements cannot become claims",
  );
});

Deno.test("cover letter: the job as a source is its title, company and location only", () => {
  assertEquals(jobSource(job), { ref: "job:j1", text: "Platform Engineer\nStreamly\nPune" });
});

const doc = (skills: string[], summary = "Engineer."): ResumeDocument =>
  ({
    basics: { name: "Asha Rao", email: "asha@example.test", summary, profiles: [] },
    skills: skills.map((name) => ({ name, keywords: [] })),
    work: [{ name: "Acme", position: "Engineer", startDate: "2020-01", highlights: [] }],
    education: [{ institution: "IIT", area: "CS" }],
    meta: { provenance: {} },
  }) as unknown as ResumeDocument;

const candidates: VersionCandidate[] = [
  {
    version_id: "v-excel",
    resume_id: "r1",
    resume_name: "Office",
    version_number: 3,
    content_json: doc(["Excel"]),
    pdf_status: "ready",
  },
  {
    version_id: "v-kafka",
    resume_id: "r2",
    resume_name: "Streaming",
    version_number: 1,
    content_json: doc(["Kafka", "Go"], "Kafka and Go engineer."),
    pdf_status: "ready",
  },
];
const jd = jobText({
  title: "Kafka Engineer",
  description: "Kafka and Go for event pipelines.",
  skills: ["Kafka", "Go"],
});

Deno.test("resume choice: the best ATS score for the job wins unless the user named one", () => {
  const ranked = rankVersions(candidates, jd, "Kafka Go Excel");
  assertEquals(ranked.map((r) => r.version_id), ["v-kafka", "v-excel"]);
  assert(ranked[0]!.ats_score > ranked[1]!.ats_score);
  assertEquals(chooseVersion(candidates, jd, "")?.chosen_by, "ats");
  const mine = chooseVersion(candidates, jd, "", { resume_id: "r1" });
  assertEquals([mine?.version_id, mine?.chosen_by], ["v-excel", "user"]);
  assertEquals(
    chooseVersion(candidates, jd, "", { resume_id: "nope" }),
    null,
    "a resume that is not a candidate",
  );
  assertEquals(chooseVersion([], jd, ""), null, "no resume at all");
});

Deno.test("resume choice: on equal scores a ready PDF, then the newer version", () => {
  const same = doc(["Kafka"]);
  const ranked = rankVersions(
    [
      {
        version_id: "a",
        resume_id: "r",
        resume_name: "A",
        version_number: 1,
        content_json: same,
        pdf_status: "ready",
      },
      {
        version_id: "b",
        resume_id: "r",
        resume_name: "B",
        version_number: 2,
        content_json: same,
        pdf_status: "pending",
      },
      {
        version_id: "c",
        resume_id: "r",
        resume_name: "C",
        version_number: 3,
        content_json: same,
        pdf_status: "ready",
      },
    ],
    jd,
    "",
  );
  assertEquals(ranked.map((r) => r.version_id), ["c", "a", "b"]);
});

Deno.test("draftCoverLetter asks once more after an unusable answer, guards the usable one, and gives up after two", async () => {
  const good = JSON.stringify({
    paragraphs: [{
      sentences: [
        { text: "I am applying for the Platform Engineer role at Streamly.", sources: ["job:j1"] },
        { text: "I ran Kubernetes clusters for 8 years.", sources: ["record:s1"] },
      ],
    }],
  });
  const answers = ["not json", good];
  const prompts: string[] = [];
  const letter = await draftCoverLetter(
    (prompt) => {
      prompts.push(prompt);
      return Promise.resolve(answers.shift());
    },
    [profile, kafka],
    job,
    "Asha Rao",
  );
  assertEquals(prompts.length, 2);
  assertEquals(letter?.text, "I am applying for the Platform Engineer role at Streamly.");
  assertEquals(groundingRecord(letter!).rejected, [{
    text: "I ran Kubernetes clusters for 8 years.",
    sources: ["record:s1"],
    reason: letter!.rejected[0]!.reason,
    message: letter!.rejected[0]!.message,
  }]);
  let calls = 0;
  const none = await draftCoverLetter(
    () => {
      calls++;
      return Promise.resolve(undefined);
    },
    [profile],
    job,
    "Asha Rao",
  );
  assertEquals([none, calls], [null, 2]);
});
