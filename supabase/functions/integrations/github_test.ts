import { assertEquals } from "../_shared/test_assert.ts";
import { parseScopes } from "./github.ts";

Deno.test("parseScopes reads GitHub's comma and header forms", () => {
  assertEquals(parseScopes("repo,read:user"), ["read:user", "repo"]);
  assertEquals(parseScopes("read:user, repo"), ["read:user", "repo"]);
  assertEquals(parseScopes(""), []);
  assertEquals(parseScopes(undefined), []);
});
