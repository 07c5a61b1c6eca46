import { assertEquals } from "../_shared/test_assert.ts";
import { experienceYears } from "./experience.ts";

const NOW = new Date("2026-11-30T08:00:00Z");

Deno.test("no dated work entry: unknown", () => {
  assertEquals(experienceYears([], NOW), null);
  assertEquals(experienceYears([{ start: null, end: "2020" }, { start: "last year" }], NOW), null);
});

Deno.test("one job, by month; a year-only end covers that whole year", () => {
  assertEquals(experienceYears([{ start: "2020-01", end: "2021-12" }], NOW), 2);
  assertEquals(experienceYears([{ start: "2019", end: "2020" }], NOW), 2);
  assertEquals(experienceYears([{ start: "2020-01-01", end: "2020-12-31" }], NOW), 1);
});

Deno.test("overlapping jobs count once, gaps do not count", () => {
  assertEquals(
    experienceYears(
      [
        { start: "2018-01", end: "2019-12" }, // 2 years
        { start: "2019-01", end: "2020-12" }, // overlaps one year: +1
        { start: "2022-01", end: "2022-12" }, // after a gap: +1
      ],
      NOW,
    ),
    4,
  );
});

Deno.test("no end date: to date; future and impossible dates are ignored", () => {
  assertEquals(experienceYears([{ start: "2024-11-30" }], NOW), 2);
  assertEquals(experienceYears([{ start: "2030-01" }], NOW), null);
  assertEquals(experienceYears([{ start: "2021-02-30", end: "2022" }], NOW), null);
  assertEquals(experienceYears([{ start: "2021-13", end: "2022" }], NOW), null);
  assertEquals(experienceYears([{ start: "2025-01", end: "2030" }], NOW), 1.9);
});
