import { assert, assertEquals } from "../_shared/test_assert.ts";
import { cleanList, hasAtMostTwoDecimals, JobSettingsUpdate, OnboardingUpdate } from "./routes.ts";

/** The sorted, dotted paths of a refused input. */
function refusedPaths(schema: typeof OnboardingUpdate | typeof JobSettingsUpdate, input: unknown): string[] {
  const result = schema.safeParse(input);
  assert(!result.success, `expected ${JSON.stringify(input)} to be refused`);
  return [...new Set(result.error.issues.map((i) => i.path.map(String).join(".")))].sort();
}

const job = {
  search_active: true,
  auto_apply: false,
  portals: ["linkedin"],
  roles: ["SRE"],
  locations: [],
  min_lpa: null,
  company_types: [],
};

Deno.test("cleanList trims, collapses spaces, drops blanks and case-insensitive duplicates, keeps order", () => {
  assertEquals(
    cleanList(["  Backend   Engineer ", "", " ", "backend engineer", "SRE", "sre", "Data\tEngineer"]),
    ["Backend Engineer", "SRE", "Data Engineer"],
  );
  assertEquals(cleanList([]), []);
});

Deno.test("hasAtMostTwoDecimals tolerates binary noise but not a third decimal", () => {
  for (const ok of [0, 1, 0.1, 0.29, 12.5, 18.75, 999.99, 1000]) assert(hasAtMostTwoDecimals(ok), String(ok));
  for (const bad of [0.001, 12.345, 3.333, 0.125]) assert(!hasAtMostTwoDecimals(bad), String(bad));
});

Deno.test("OnboardingUpdate: every field optional; lists cleaned before the 10-item limit", () => {
  assertEquals(OnboardingUpdate.parse({}), {});
  const ten = Array.from({ length: 10 }, (_, i) => `Role ${i}`);
  assertEquals(OnboardingUpdate.parse({ roles_targeted: [...ten, " role 0 ", ""] }).roles_targeted, ten);
  assertEquals(refusedPaths(OnboardingUpdate, { roles_targeted: [...ten, "Role 10"] }), ["roles_targeted"]);
});

Deno.test("OnboardingUpdate: GitHub username trimmed, '' or null clears it, GitHub's rule enforced", () => {
  assertEquals(OnboardingUpdate.parse({ github_username: "  asha-rao " }).github_username, "asha-rao");
  assertEquals(OnboardingUpdate.parse({ github_username: "  " }).github_username, null);
  assertEquals(OnboardingUpdate.parse({ github_username: null }).github_username, null);
  for (const bad of ["-asha", "asha_rao", "a".repeat(40), "asha rao"]) {
    assertEquals(refusedPaths(OnboardingUpdate, { github_username: bad }), ["github_username"], bad);
  }
});

Deno.test("OnboardingUpdate refuses unknown fields, user_id included", () => {
  assertEquals(refusedPaths(OnboardingUpdate, { user_id: crypto.randomUUID(), completed: true }), [""]);
});

Deno.test("JobSettingsUpdate: an active search needs a portal and a role", () => {
  assertEquals(JobSettingsUpdate.parse(job).portals, ["linkedin"]);
  assertEquals(refusedPaths(JobSettingsUpdate, { ...job, portals: [], roles: [" "] }), ["portals", "roles"]);
  assertEquals(JobSettingsUpdate.parse({ ...job, search_active: false, portals: [], roles: [] }).roles, []);
});

Deno.test("JobSettingsUpdate: portals and company types from their lists, each once", () => {
  assertEquals(JobSettingsUpdate.parse({ ...job, portals: ["indeed", "indeed"] }).portals, ["indeed"]);
  assertEquals(refusedPaths(JobSettingsUpdate, { ...job, portals: ["monster"] }), ["portals.0"]);
  assertEquals(refusedPaths(JobSettingsUpdate, { ...job, company_types: ["ngo"] }), ["company_types.0"]);
  assertEquals(refusedPaths(JobSettingsUpdate, { ...job, min_lpa: 1000.5 }), ["min_lpa"]);
});
