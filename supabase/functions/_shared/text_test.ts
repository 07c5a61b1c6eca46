import { z } from "@hono/zod-openapi";
import { assert, assertEquals } from "./test_assert.ts";
import { isStorableText, text } from "./text.ts";

Deno.test("text() refuses NUL anywhere and unpaired surrogates; keeps everything else", () => {
  const t = text();
  for (const bad of ["\u0000", "a\u0000b", "end\u0000", "\ud800", "x\udc00y", "\udc00\ud800"]) {
    assert(!t.safeParse(bad).success, JSON.stringify(bad));
    assert(!isStorableText(bad), JSON.stringify(bad));
  }
  for (const good of ["", "Asha Rao", "₹ 12 LPA", "पुणे", "emoji 🚀 pair", "tab\tand\nnewline", "\u0001"]) {
    assertEquals(t.safeParse(good).data, good);
    assert(isStorableText(good), JSON.stringify(good));
  }
});

Deno.test("text() chains like z.string() and reports a validation issue for the field", () => {
  const Body = z.object({ name: text().trim().min(1).max(5), tags: z.array(text().max(3)) });
  assertEquals(Body.parse({ name: "  ab  ", tags: ["x"] }), { name: "ab", tags: ["x"] });
  const bad = Body.safeParse({ name: "a\u0000", tags: ["ok", "b\u0000"] });
  assert(!bad.success);
  assertEquals(bad.error.issues.map((i) => i.path.join(".")).sort(), ["name", "tags.1"]);
  assert(!Body.safeParse({ name: "toolong", tags: [] }).success);
});
