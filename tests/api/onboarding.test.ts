/**
 * Onboarding Profile stack through the running stack: `GET/PUT /v1/onboarding` and
 * `GET/PUT /v1/settings/job` — defaults, round trips, per-step merges, cleaning of lists, every
 * kind of bad input (422 naming the field, nothing written), user isolation, and the single
 * `user.onboarding.completed` event.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { callFunction, newUser, type TestUser, withSql } from "../support/env.js";

const ONBOARDING = "onboarding/v1/onboarding";
const JOB_SETTINGS = "onboarding/v1/settings/job";

interface ErrorBody {
  error: { code: string; message: string; details?: { fields?: { path: string; message: string }[] } };
}

interface Onboarding {
  id: string | null;
  user_id: string;
  roles_targeted: string[];
  min_target_lpa: number | null;
  preferred_locations: string[];
  github_username: string | null;
  completed: boolean;
  completed_at: string | null;
  current_step: string;
  created_at: string | null;
  updated_at: string | null;
}

interface JobSettings {
  id: string | null;
  user_id: string;
  search_active: boolean;
  auto_apply: boolean;
  portals: string[];
  roles: string[];
  locations: string[];
  min_lpa: number | null;
  company_types: string[];
  updated_at: string | null;
}

async function get<T>(path: string, user: TestUser, query = ""): Promise<T> {
  const res = await callFunction(`${path}${query}`, { token: user.accessToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as T;
}

async function put<T>(path: string, user: TestUser, body: unknown): Promise<T> {
  const res = await callFunction(path, { method: "PUT", token: user.accessToken, body });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as T;
}

/** PUTs `body`, expects 422 `validation_failed` naming exactly `fields`, and that nothing changed. */
async function assertRejected(path: string, user: TestUser, body: unknown, fields: string[]): Promise<void> {
  const before = await get<unknown>(path, user);
  const res = await callFunction(path, { method: "PUT", token: user.accessToken, body });
  const label = JSON.stringify(body);
  assert.equal(res.status, 422, `${label} → ${JSON.stringify(res.body)}`);
  const error = (res.body as ErrorBody).error;
  assert.equal(error.code, "validation_failed", label);
  const paths = [...new Set(error.details?.fields?.map((f) => f.path))].sort();
  assert.deepEqual(paths, [...fields].sort(), `${label}: ${JSON.stringify(error.details)}`);
  for (const f of error.details?.fields ?? [])
    assert.ok(f.message, `${label}: every field error has a message`);
  assert.deepEqual(await get<unknown>(path, user), before, `${label}: nothing was written`);
}

/** `user.onboarding.completed` events logged for `userId`. */
async function completionEvents(userId: string) {
  return withSql(
    (sql) => sql<{ payload: { user_id: string; completed_at: string }; actor: string | null }[]>`
      select payload, actor from public.event_log
      where event_type = 'user.onboarding.completed' and payload ->> 'user_id' = ${userId}
      order by id`,
  );
}

const sameInstant = (a: string | null | undefined, b: string | null | undefined) => {
  assert.ok(a && b, `both instants are set: ${a} / ${b}`);
  assert.equal(new Date(a).getTime(), new Date(b).getTime());
};

describe("GET /v1/onboarding", () => {
  test("a new user gets an empty, unsaved record at the first wizard step (not a 404)", async () => {
    const user = await newUser("ob-new");
    assert.deepEqual(await get<Onboarding>(ONBOARDING, user), {
      id: null,
      user_id: user.userId,
      roles_targeted: [],
      min_target_lpa: null,
      preferred_locations: [],
      github_username: null,
      completed: false,
      completed_at: null,
      current_step: "profile",
      created_at: null,
      updated_at: null,
    });
  });

  test("needs a signed-in user", async () => {
    for (const method of ["GET", "PUT"]) {
      const res = await callFunction(ONBOARDING, { method, body: method === "PUT" ? {} : undefined });
      assert.equal(res.status, 401, method);
    }
  });
});

describe("PUT /v1/onboarding", () => {
  let user: TestUser;
  before(async () => {
    user = await newUser("ob-put");
  });

  test("saves every answer and GET returns the same record", async () => {
    const saved = await put<Onboarding>(ONBOARDING, user, {
      roles_targeted: ["Backend Engineer", "SRE"],
      min_target_lpa: 18.75,
      preferred_locations: ["Bengaluru", "Remote"],
      github_username: "Asha-Rao",
      completed: false,
      current_step: "integrations",
    });
    assert.equal(saved.user_id, user.userId);
    assert.ok(saved.id && saved.created_at && saved.updated_at);
    assert.deepEqual(
      {
        roles_targeted: saved.roles_targeted,
        min_target_lpa: saved.min_target_lpa,
        preferred_locations: saved.preferred_locations,
        github_username: saved.github_username,
        completed: saved.completed,
        completed_at: saved.completed_at,
        current_step: saved.current_step,
      },
      {
        roles_targeted: ["Backend Engineer", "SRE"],
        min_target_lpa: 18.75,
        preferred_locations: ["Bengaluru", "Remote"],
        github_username: "Asha-Rao",
        completed: false,
        completed_at: null,
        current_step: "integrations",
      },
    );
    assert.deepEqual(await get<Onboarding>(ONBOARDING, user), saved);
  });

  test("per-step saves merge: fields left out keep their values", async () => {
    const stepper = await newUser("ob-steps");
    await put(ONBOARDING, stepper, { github_username: "stepper", current_step: "career" });
    await put(ONBOARDING, stepper, { roles_targeted: ["Data Engineer"], min_target_lpa: 9 });
    const last = await put<Onboarding>(ONBOARDING, stepper, { current_step: "review" });
    assert.equal(last.github_username, "stepper");
    assert.deepEqual(last.roles_targeted, ["Data Engineer"]);
    assert.equal(last.min_target_lpa, 9);
    assert.deepEqual(last.preferred_locations, []);
    assert.equal(last.current_step, "review");
    assert.equal(last.completed, false);

    const cleared = await put<Onboarding>(ONBOARDING, stepper, { min_target_lpa: null, github_username: "" });
    assert.equal(cleared.min_target_lpa, null, "null clears the salary");
    assert.equal(cleared.github_username, null, "an empty username clears it");
    assert.deepEqual(cleared.roles_targeted, ["Data Engineer"]);
  });

  test("an empty body creates the record without changing anything", async () => {
    const fresh = await newUser("ob-empty");
    const saved = await put<Onboarding>(ONBOARDING, fresh, {});
    assert.ok(saved.id);
    assert.equal(saved.current_step, "profile");
    assert.deepEqual(await get<Onboarding>(ONBOARDING, fresh), saved);
  });

  test("lists are trimmed, blanks dropped and duplicates removed ignoring case (first spelling wins)", async () => {
    const saved = await put<Onboarding>(ONBOARDING, user, {
      roles_targeted: [
        "  Backend   Engineer ",
        "backend engineer",
        "",
        "   ",
        "BACKEND ENGINEER",
        "Data Engineer",
      ],
      preferred_locations: ["Pune", "pune ", "Remote"],
    });
    assert.deepEqual(saved.roles_targeted, ["Backend Engineer", "Data Engineer"]);
    assert.deepEqual(saved.preferred_locations, ["Pune", "Remote"]);
  });

  test("the 10-item limit counts entries after cleaning", async () => {
    const ten = Array.from({ length: 10 }, (_, i) => `Role ${i}`);
    const saved = await put<Onboarding>(ONBOARDING, user, {
      roles_targeted: [...ten, "role 0", " ", "ROLE 9"],
    });
    assert.deepEqual(saved.roles_targeted, ten);
  });

  test("keeps the profile's GitHub username in step", async () => {
    await put(ONBOARDING, user, { github_username: "  asha-dev  " });
    const [profile] = await withSql(
      (sql) => sql<{ github_username: string | null }[]>`
        select github_username from public.profiles where id = ${user.userId}`,
    );
    assert.equal(profile?.github_username, "asha-dev");
  });

  test("every bad input is 422 naming the field, and nothing is written", async () => {
    await put(ONBOARDING, user, { roles_targeted: ["Backend Engineer"], min_target_lpa: 12 });
    const long = "x".repeat(81);
    const eleven = Array.from({ length: 11 }, (_, i) => `Role ${i}`);
    const cases: [unknown, string[]][] = [
      [{ roles_targeted: "Backend Engineer" }, ["roles_targeted"]],
      [{ roles_targeted: [long] }, ["roles_targeted.0"]],
      [{ roles_targeted: ["ok", 42] }, ["roles_targeted.1"]],
      [{ roles_targeted: eleven }, ["roles_targeted"]],
      [{ roles_targeted: null }, ["roles_targeted"]],
      [{ preferred_locations: eleven }, ["preferred_locations"]],
      [{ preferred_locations: ["Pune", long] }, ["preferred_locations.1"]],
      [{ min_target_lpa: -1 }, ["min_target_lpa"]],
      [{ min_target_lpa: 1000.01 }, ["min_target_lpa"]],
      [{ min_target_lpa: 12.345 }, ["min_target_lpa"]],
      [{ min_target_lpa: "12" }, ["min_target_lpa"]],
      [{ github_username: "-asha" }, ["github_username"]],
      [{ github_username: "a".repeat(40) }, ["github_username"]],
      [{ github_username: "asha_rao" }, ["github_username"]],
      [{ github_username: "asha rao" }, ["github_username"]],
      [{ completed: "yes" }, ["completed"]],
      [{ current_step: "done" }, ["current_step"]],
      [{ nickname: "ash" }, ["nickname"]],
      [
        { min_target_lpa: -5, current_step: "nope", roles_targeted: [long] },
        ["current_step", "min_target_lpa", "roles_targeted.0"],
      ],
      // A valid change next to an invalid one is not half-applied.
      [{ roles_targeted: ["Changed"], min_target_lpa: 1e9 }, ["min_target_lpa"]],
    ];
    for (const [body, fields] of cases) await assertRejected(ONBOARDING, user, body, fields);
  });

  test("a body that is not a JSON object is refused and nothing is written", async () => {
    const before = await get<Onboarding>(ONBOARDING, user);
    for (const body of [[], "text", null]) {
      const res = await callFunction(ONBOARDING, { method: "PUT", token: user.accessToken, body });
      assert.equal(res.status, 422, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
    }
    assert.deepEqual(await get<Onboarding>(ONBOARDING, user), before);
  });
});

describe("onboarding isolation", () => {
  let owner: TestUser;
  let other: TestUser;
  before(async () => {
    [owner, other] = await Promise.all([newUser("ob-owner"), newUser("ob-other")]);
    await put(ONBOARDING, owner, { roles_targeted: ["Owner Role"], github_username: "owner-gh" });
  });

  test("a user_id in the body is refused (422) and changes nobody's record", async () => {
    const ownerBefore = await get<Onboarding>(ONBOARDING, owner);
    await assertRejected(ONBOARDING, other, { user_id: owner.userId, roles_targeted: ["Hijacked"] }, [
      "user_id",
    ]);
    await assertRejected(ONBOARDING, owner, { user_id: other.userId }, ["user_id"]);
    assert.deepEqual(await get<Onboarding>(ONBOARDING, owner), ownerBefore);
  });

  test("a user_id in the query is ignored: each caller gets their own record", async () => {
    const seen = await get<Onboarding>(ONBOARDING, other, `?user_id=${owner.userId}`);
    assert.equal(seen.user_id, other.userId);
    assert.deepEqual(seen.roles_targeted, []);

    await put(ONBOARDING, other, { roles_targeted: ["Other Role"] });
    const res = await callFunction(`${ONBOARDING}?user_id=${owner.userId}`, {
      method: "PUT",
      token: other.accessToken,
      body: { roles_targeted: ["Via Query"] },
    });
    assert.equal(res.status, 200);
    assert.equal((res.body as Onboarding).user_id, other.userId);
    assert.deepEqual((await get<Onboarding>(ONBOARDING, owner)).roles_targeted, ["Owner Role"]);
  });

  test("another user never sees the owner's answers", async () => {
    const seen = await get<Onboarding>(ONBOARDING, other);
    assert.equal(seen.user_id, other.userId);
    assert.notDeepEqual(seen.roles_targeted, ["Owner Role"]);
    assert.notEqual(seen.github_username, "owner-gh");
  });
});

describe("user.onboarding.completed", () => {
  test("is emitted exactly once, by the first completion, however often it is saved again", async () => {
    const user = await newUser("ob-complete");
    await put(ONBOARDING, user, { roles_targeted: ["SDE"], current_step: "review" });
    assert.equal((await completionEvents(user.userId)).length, 0, "no event before completion");

    const first = await put<Onboarding>(ONBOARDING, user, { completed: true });
    assert.equal(first.completed, true);
    assert.ok(first.completed_at);

    await put(ONBOARDING, user, { completed: true, roles_targeted: ["SDE", "SRE"] });
    const undone = await put<Onboarding>(ONBOARDING, user, { completed: false });
    assert.equal(undone.completed, false);
    sameInstant(undone.completed_at, first.completed_at);
    const again = await put<Onboarding>(ONBOARDING, user, { completed: true });
    sameInstant(again.completed_at, first.completed_at);

    const events = await completionEvents(user.userId);
    assert.equal(events.length, 1, JSON.stringify(events));
    assert.equal(events[0]?.payload.user_id, user.userId);
    sameInstant(events[0]?.payload.completed_at, first.completed_at);
    assert.equal(events[0]?.actor, user.userId, "the event records who completed onboarding");
  });

  test("completing on the very first save emits once too", async () => {
    const user = await newUser("ob-direct");
    const saved = await put<Onboarding>(ONBOARDING, user, { completed: true, roles_targeted: ["QA"] });
    assert.ok(saved.completed_at);
    assert.equal((await completionEvents(user.userId)).length, 1);
  });

  test("two simultaneous completions emit one event", async () => {
    const user = await newUser("ob-race");
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        callFunction(ONBOARDING, { method: "PUT", token: user.accessToken, body: { completed: true } }),
      ),
    );
    for (const res of results) assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal((await completionEvents(user.userId)).length, 1);
  });

  test("a refused save emits nothing", async () => {
    const user = await newUser("ob-refused");
    await assertRejected(ONBOARDING, user, { completed: true, min_target_lpa: -1 }, ["min_target_lpa"]);
    assert.equal((await completionEvents(user.userId)).length, 0);
  });
});

describe("GET/PUT /v1/settings/job", () => {
  let user: TestUser;
  before(async () => {
    user = await newUser("job");
  });

  const valid = {
    search_active: true,
    auto_apply: false,
    portals: ["linkedin", "naukri"],
    roles: ["Backend Engineer"],
    locations: ["Bengaluru", "Remote"],
    min_lpa: 15.5,
    company_types: ["product", "startup"],
  };

  test("a new user gets settings that are off, with nothing to search", async () => {
    assert.deepEqual(await get<JobSettings>(JOB_SETTINGS, user), {
      id: null,
      user_id: user.userId,
      search_active: false,
      auto_apply: false,
      portals: [],
      roles: [],
      locations: [],
      min_lpa: null,
      company_types: [],
      updated_at: null,
    });
  });

  test("before the first save, the filters are suggested from the onboarding answers", async () => {
    const onboarded = await newUser("job-suggest");
    await put(ONBOARDING, onboarded, {
      roles_targeted: ["ML Engineer"],
      preferred_locations: ["Hyderabad"],
      min_target_lpa: 22,
    });
    const settings = await get<JobSettings>(JOB_SETTINGS, onboarded);
    assert.equal(settings.id, null);
    assert.equal(settings.search_active, false);
    assert.deepEqual(settings.roles, ["ML Engineer"]);
    assert.deepEqual(settings.locations, ["Hyderabad"]);
    assert.equal(settings.min_lpa, 22);
  });

  test("saves the settings and GET returns them", async () => {
    const saved = await put<JobSettings>(JOB_SETTINGS, user, valid);
    assert.ok(saved.id && saved.updated_at);
    assert.equal(saved.user_id, user.userId);
    const { id: _id, user_id: _user, updated_at: _at, ...fields } = saved;
    assert.deepEqual(fields, valid);
    assert.deepEqual(await get<JobSettings>(JOB_SETTINGS, user), saved);

    const stopped = await put<JobSettings>(JOB_SETTINGS, user, {
      ...valid,
      search_active: false,
      portals: [],
      roles: [],
      company_types: [],
      min_lpa: null,
    });
    assert.equal(stopped.id, saved.id, "one row per user");
    assert.deepEqual(stopped.portals, []);
    assert.equal(stopped.min_lpa, null);
  });

  test("lists are cleaned: roles/locations trimmed and de-duplicated, repeated portals and types dropped", async () => {
    const saved = await put<JobSettings>(JOB_SETTINGS, user, {
      ...valid,
      portals: ["indeed", "indeed", "linkedin"],
      roles: [" SRE ", "sre", ""],
      locations: ["Chennai ", "CHENNAI"],
      company_types: ["mnc", "mnc"],
    });
    assert.deepEqual(saved.portals, ["indeed", "linkedin"]);
    assert.deepEqual(saved.roles, ["SRE"]);
    assert.deepEqual(saved.locations, ["Chennai"]);
    assert.deepEqual(saved.company_types, ["mnc"]);
  });

  test("starting the search needs at least one portal and one role", async () => {
    await put(JOB_SETTINGS, user, valid);
    await assertRejected(JOB_SETTINGS, user, { ...valid, portals: [], roles: [] }, ["portals", "roles"]);
    await assertRejected(JOB_SETTINGS, user, { ...valid, portals: [] }, ["portals"]);
    await assertRejected(JOB_SETTINGS, user, { ...valid, roles: ["  ", ""] }, ["roles"]);
    const res = await callFunction(JOB_SETTINGS, {
      method: "PUT",
      token: user.accessToken,
      body: { ...valid, portals: [] },
    });
    const fields = (res.body as ErrorBody).error.details?.fields ?? [];
    assert.match(fields[0]?.message ?? "", /portal/i, "the message says what is missing");
  });

  test("every bad input is 422 naming the field, and nothing is written", async () => {
    await put(JOB_SETTINGS, user, valid);
    const { auto_apply: _omit, ...withoutAutoApply } = valid;
    const cases: [unknown, string[]][] = [
      [{ ...valid, portals: ["monster"] }, ["portals.0"]],
      [{ ...valid, portals: ["LinkedIn"] }, ["portals.0"]],
      [{ ...valid, portals: "linkedin" }, ["portals"]],
      [{ ...valid, company_types: ["ngo"] }, ["company_types.0"]],
      [{ ...valid, roles: Array.from({ length: 11 }, (_, i) => `Role ${i}`) }, ["roles"]],
      [{ ...valid, locations: ["x".repeat(81)] }, ["locations.0"]],
      [{ ...valid, min_lpa: -0.5 }, ["min_lpa"]],
      [{ ...valid, min_lpa: 1001 }, ["min_lpa"]],
      [{ ...valid, min_lpa: 3.333 }, ["min_lpa"]],
      [{ ...valid, search_active: "on" }, ["search_active"]],
      [withoutAutoApply, ["auto_apply"]],
      [{ ...valid, user_id: user.userId }, ["user_id"]],
      [{ ...valid, extra: 1 }, ["extra"]],
    ];
    for (const [body, fields] of cases) await assertRejected(JOB_SETTINGS, user, body, fields);
  });

  test("another user sees only their own settings and a user_id in the query changes nothing", async () => {
    const other = await newUser("job-other");
    const theirs = await get<JobSettings>(JOB_SETTINGS, other, `?user_id=${user.userId}`);
    assert.equal(theirs.user_id, other.userId);
    assert.equal(theirs.id, null);
    const mine = await get<JobSettings>(JOB_SETTINGS, user);
    await put(JOB_SETTINGS, other, { ...valid, roles: ["Other"] });
    assert.deepEqual(await get<JobSettings>(JOB_SETTINGS, user), mine);
  });
});
