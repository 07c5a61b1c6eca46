import { assert, assertEquals } from "../test_assert.ts";
import { ERROR_STATUS, ErrorBody, isErrorCode } from "./errors.ts";
import { Envelope, EVENT_SCHEMAS, EVENT_TYPES, isEventType } from "./events.ts";
import { NOTIFICATION_TYPES } from "./enums.ts";
import { geminiFailure } from "./gemini.ts";

const USER = "00000000-0000-4000-8000-000000000001";
const PURPOSE = { action: "write the description", keyHint: "Update it in Settings." };

Deno.test("event payloads: the SQL rules — required keys, types, null optional, extra keys", () => {
  const detected = EVENT_SCHEMAS["repo.detected"];
  const ok = {
    user_id: USER,
    repo_id: USER,
    provider_repo_id: 42,
    name: "a",
    full_name: "o/a",
    html_url: "https://github.com/o/a",
  };
  assert(detected.safeParse(ok).success, "a complete payload passes");
  assert(detected.safeParse({ ...ok, initial_import: null, extra: 1 }).success, "null optional, extra key");
  assert(!detected.safeParse({ ...ok, provider_repo_id: 4.5 }).success, "integer means integer");
  assert(!detected.safeParse({ ...ok, user_id: "nope" }).success, "uuid means uuid");
  assert(!detected.safeParse({ ...ok, name: null }).success, "a required key may not be null");
  const done = EVENT_SCHEMAS["user.onboarding.completed"];
  assert(done.safeParse({ user_id: USER, completed_at: "2026-11-30T04:00:00Z" }).success);
  assert(!done.safeParse({ user_id: USER, completed_at: "2026-11-30T04:00:00" }).success, "offset required");
});

Deno.test("envelope: the shape private.emit sends", () => {
  const env = {
    event_id: 7,
    event_type: "repo.updated",
    emitted_at: "2026-11-30T04:00:00.123+00:00",
    payload: {},
  };
  assert(Envelope.safeParse(env).success);
  assert(!Envelope.safeParse({ ...env, event_id: 0 }).success);
  assert(!Envelope.safeParse({ ...env, payload: [] }).success);
});

Deno.test("vocabularies: notification types are registered events; type guards", () => {
  for (const t of NOTIFICATION_TYPES) assert(EVENT_TYPES.includes(t), t);
  assert(isEventType("repo.detected") && !isEventType("repo.deleted") && !isEventType("toString"));
  assert(isErrorCode("llm_rate_limited") && !isErrorCode("constructor"));
  assert(ErrorBody.safeParse({ error: { code: "x", message: "y" } }).success);
});

Deno.test("gemini: one code per outcome — a 429 is llm_rate_limited with Google's wait", () => {
  const quota = {
    status: 429,
    message: JSON.stringify({
      error: {
        status: "RESOURCE_EXHAUSTED",
        details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "42.5s" }],
      },
    }),
  };
  const limited = geminiFailure(quota, PURPOSE);
  assertEquals(limited.code, "llm_rate_limited");
  assertEquals(ERROR_STATUS[limited.code], 429);
  assertEquals(limited.details, { provider: "gemini", reason: "RESOURCE_EXHAUSTED", retry_after_s: 43 });

  const badKey = {
    status: 400,
    message: JSON.stringify({
      error: { status: "INVALID_ARGUMENT", details: [{ reason: "API_KEY_INVALID" }] },
    }),
  };
  assertEquals(geminiFailure(badKey, PURPOSE).code, "invalid_api_key");
  assertEquals(geminiFailure(badKey, PURPOSE).details?.reason, "API_KEY_INVALID");
  assert(geminiFailure(badKey, PURPOSE).message.endsWith("Update it in Settings."));
  assertEquals(geminiFailure({ status: 403, message: "PERMISSION_DENIED" }, PURPOSE).code, "invalid_api_key");
  assertEquals(geminiFailure({ status: 400, message: "bad request" }, PURPOSE).code, "upstream_unavailable");
  assertEquals(geminiFailure({ status: 503, message: "" }, PURPOSE).code, "upstream_unavailable");
  assertEquals(geminiFailure(new TypeError("fetch failed"), PURPOSE).code, "upstream_unavailable");
});
