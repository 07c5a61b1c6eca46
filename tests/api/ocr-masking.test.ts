/**
 * Government ID numbers in OCR'd text are masked however OCR split them (the runner's side; the
 * database masks the same strings again: supabase/tests/database/verification/mask_split_ids.sql),
 * and prose that only looks a little like one stays as it is.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { findGovernmentIds, maskGovernmentIds } from "../../scraper-runner/src/ocr/fields.ts";

const CASES: [string, string][] = [
  ["Aadhaar 2345 6789 0123", "Aadhaar XXXX XXXX 0123"],
  ["23 45 6789 0123", "XXXX XXXX 0123"],
  ["id 2345  6789--0123.", "id XXXX XXXX 0123."],
  ["PAN ABCDE1234F", "PAN XXXXXX234F"],
  ["PAN ABCDE1 234F", "PAN XXXXXX234F"],
  ["ABCDE 1234 F", "XXXXXX234F"],
  ["abcde1234f", "XXXXXX234F"],
  ["Completed in March 2024 a course", "Completed in March 2024 a course"],
  ["Roll 123456789012345", "Roll 123456789012345"],
  ["Call 98450 12345", "Call 98450 12345"],
];

test("every split form is masked; prose and other numbers stay", () => {
  for (const [input, masked] of CASES) assert.equal(maskGovernmentIds(input), masked, input);
});

test("the numbers found are reported masked, once each", () => {
  assert.deepEqual(findGovernmentIds("PAN ABCDE 1234 F, again ABCDE1234F; Aadhaar 23 45 6789 0123"), [
    { kind: "aadhaar", masked: "XXXX XXXX 0123" },
    { kind: "pan", masked: "XXXXXX234F" },
  ]);
  assert.deepEqual(findGovernmentIds("Completed in March 2024 a course"), []);
});
