import { assert, assertEquals } from "../_shared/test_assert.ts";
import { toCsv } from "./exports.ts";
import { addDays, daysBetween, istDay, istStart, rangeOf, ReportRangeParams, withRange } from "./range.ts";
import { type PerformanceRow, toResumes } from "./schemas.ts";

const Range = ReportRangeParams.superRefine(withRange);

Deno.test("IST days: 18:29:59Z and 18:30:00Z are two IST days; a day starts at 18:30 UTC the day before", () => {
  assertEquals(istDay(new Date("2026-11-29T18:29:59Z")), "2026-11-29");
  assertEquals(istDay(new Date("2026-11-29T18:30:00Z")), "2026-11-30");
  assertEquals(istStart("2026-11-30").toISOString(), "2026-11-29T18:30:00.000Z");
  assertEquals(addDays("2026-02-28", 1), "2026-03-01");
  assertEquals(daysBetween("2026-11-01", "2026-11-30"), 29);
});

Deno.test("report ranges: defaults to the last 30 IST days; from after to and over 400 days are refused", () => {
  const r = rangeOf({});
  assertEquals(daysBetween(r.from, r.to), 29);
  assertEquals(r.to, istDay());
  assert(Range.safeParse({ from: "2026-11-01", to: "2026-11-30" }).success);
  assert(!Range.safeParse({ from: "2026-12-01", to: "2026-11-30" }).success, "from after to");
  assert(!Range.safeParse({ from: "2025-01-01", to: "2026-11-30" }).success, "over 400 days");
  assert(!Range.safeParse({ from: "2026-02-30" }).success, "not a date");
  assert(Range.safeParse({ to: "2026-11-30" }).success, "from defaults to 29 days before to");
});

Deno.test("CSV: header in column order, quotes and commas escaped, a BOM for Excel, ₹ kept", () => {
  const csv = toCsv(["company", "salary", "applied_at", "remote"], [
    {
      company: 'Acme, "India"',
      salary: "₹ 12-18 Lacs",
      applied_at: new Date("2026-11-30T05:00:00Z"),
      remote: true,
    },
    { company: "Zed", salary: null, applied_at: null, remote: false },
  ]);
  assertEquals(
    csv,
    '\ufeffcompany,salary,applied_at,remote\n"Acme, ""India""",₹ 12-18 Lacs,2026-11-30T05:00:00.000Z,true\nZed,,,false\n',
  );
});

Deno.test("resume performance rows: a resume's row, then its versions", () => {
  const base = {
    user_id: "u",
    resume_name: "Backend",
    role_type: "Backend engineer",
    applications: 1,
    viewed: 0,
    shortlisted: 0,
    interview: 0,
    offer: 0,
    rejected: 0,
    responded: 0,
    response_rate: "0.0000",
    response_rate_low: "0",
    response_rate_high: "0.7935",
  };
  const rows: PerformanceRow[] = [
    { ...base, resume_id: "r1", version_id: null, version_number: null, applications: 2 },
    { ...base, resume_id: "r1", version_id: "v1", version_number: 1 },
    { ...base, resume_id: "r1", version_id: "v2", version_number: 2 },
    { ...base, resume_id: "r2", version_id: null, version_number: null },
  ];
  const out = toResumes(rows);
  assertEquals(out.map((r) => [r.resume_id, r.applications, r.versions.map((v) => v.version_number)]), [
    ["r1", 2, [1, 2]],
    ["r2", 1, []],
  ]);
  assertEquals(out[0]?.response_rate_high, 0.7935);
});
