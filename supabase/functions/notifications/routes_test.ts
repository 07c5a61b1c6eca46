import { assert, assertEquals } from "../_shared/test_assert.ts";
import { ListQuery } from "./routes.ts";

/** The dotted paths of a refused query. */
function refusedPaths(input: Record<string, string>): string[] {
  const result = ListQuery.safeParse(input);
  assert(!result.success, `expected ${JSON.stringify(input)} to be refused`);
  return [...new Set(result.error.issues.map((i) => i.path.map(String).join(".")))].sort();
}

Deno.test("ListQuery: defaults to the first page of 20, newest first, no filters", () => {
  assertEquals({ ...ListQuery.parse({}) }, { page: 1, page_size: 20, sort: "-created_at" });
});

Deno.test('ListQuery: read is the text true or false ("false" means unread, not truthy)', () => {
  assertEquals(ListQuery.parse({ read: "false" }).read, false);
  assertEquals(ListQuery.parse({ read: "true" }).read, true);
  for (const bad of ["1", "yes", "", "TRUE"]) assertEquals(refusedPaths({ read: bad }), ["read"], bad);
});

Deno.test("ListQuery: type is any well-formed notification type (stacks register their own)", () => {
  for (const t of ["repo.detected", "user.onboarding.completed", "certificates.verification.finished"]) {
    assertEquals(ListQuery.parse({ type: t }).type, t);
  }
  for (const bad of ["jobs", "", "Repo.Detected", "repo.detected'; drop table x", `a.${"b".repeat(100)}`]) {
    assertEquals(refusedPaths({ type: bad }), ["type"], bad);
  }
});

Deno.test("ListQuery: paging bounds and the sort whitelist", () => {
  assertEquals(refusedPaths({ page: "0", page_size: "101", sort: "title" }), ["page", "page_size", "sort"]);
  assertEquals(ListQuery.parse({ sort: "created_at" }).sort, "created_at");
});
