/**
 * Which searches a fetch run makes from the user's job settings: every role in every place, Remote
 * as its own search, India when no city is given, at most six, each role and place early.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_SEARCHES, searchesOf } from "../../scraper-runner/src/portals/fetch-run.ts";

const show = (roles: string[], locations: string[]) =>
  searchesOf(roles, locations).map((q) => `${q.keywords} @ ${q.location}${q.remote ? " (remote)" : ""}`);

test("no role, nothing to search", () => {
  assert.deepEqual(show([], ["Pune"]), []);
});

test("no place: all of India; only Remote: India, remote", () => {
  assert.deepEqual(show(["Data Analyst"], []), ["Data Analyst @ India"]);
  assert.deepEqual(show(["Data Analyst"], ["Work from home"]), ["Data Analyst @ India (remote)"]);
});

test("three roles in three cities: six searches that reach every role and every city", () => {
  const got = show(["SRE", "DevOps Engineer", "Platform Engineer"], ["Bengaluru", "Hyderabad", "Chennai"]);
  assert.equal(got.length, MAX_SEARCHES);
  assert.deepEqual(got, [
    "SRE @ Bengaluru",
    "SRE @ Hyderabad",
    "DevOps Engineer @ Bengaluru",
    "SRE @ Chennai",
    "DevOps Engineer @ Hyderabad",
    "Platform Engineer @ Bengaluru",
  ]);
});
