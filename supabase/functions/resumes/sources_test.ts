import { assert, assertEquals } from "../_shared/test_assert.ts";
import { checkClaim } from "../_shared/contract/grounding.ts";
import { repositorySource } from "./sources.ts";

const repo = {
  id: "r1",
  name: "notes-sync",
  full_name: "asha/notes-sync",
  html_url: "https://github.com/asha/notes-sync",
  description: null,
  description_ai: "A CLI that syncs notes to S3 using Kafka.",
  description_user: null as string | null,
  languages: ["Go"],
  topics: [],
  pushed_at: null,
  has_intro_video: false,
};

Deno.test("a repository without an edit cites the AI description", () => {
  const s = repositorySource(repo);
  assertEquals(s.fields.description_ai, repo.description_ai);
  assertEquals(s.fields.description_user, undefined);
  assert(s.text.includes("Kafka"));
});

Deno.test("the user's edited description replaces the AI text it corrects", () => {
  const s = repositorySource({ ...repo, description_user: "A CLI I wrote to back my notes up to S3." });
  assertEquals(s.fields.description_user, "A CLI I wrote to back my notes up to S3.");
  assertEquals(s.fields.description_ai, undefined, "the AI text is not a source once the user edited it");
  const byRef = new Map([[s.ref, s]]);
  // What the user removed (Kafka) can no longer be claimed; what they wrote can.
  assert(
    checkClaim({ pointer: "/projects/0/keywords/0", text: "Kafka", sources: [s.ref], whole: true }, byRef),
  );
  assertEquals(
    checkClaim({
      pointer: "/projects/0/description",
      text: "back my notes up to S3",
      sources: [s.ref],
      whole: false,
    }, byRef),
    null,
  );
});
