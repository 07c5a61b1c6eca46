/**
 * Attack: an access token outlives its session. After a sign-out the functions must refuse the
 * token at once (401 `session_ended`), as GoTrue's own `/auth/v1/user` does, not when it expires.
 * The token carries `session_id`; the kit checks it against `auth.sessions` in the request's one
 * transaction. Sign-out scopes follow GoTrue: `global` ends all of the user's sessions, `local`
 * only the caller's, `others` all but the caller's.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeJwt } from "jose";
import { anonClient, callFunction, newUser, withSql } from "../support/env.js";

const SESSION = "auth-identity/v1/auth/session";
const errorCode = (body: unknown) => (body as { error?: { code?: string } }).error?.code;

/** A second signed-in browser of the same user. */
async function signInAgain(email: string, password: string) {
  const client = anonClient();
  const { data, error } = await client.auth.signInWithPassword({ email, password });
  assert.equal(error, null);
  assert.ok(data.session);
  return { client, accessToken: data.session.access_token };
}

describe("a token whose session has ended", () => {
  test("global sign-out: the old token is refused by every function with 401 session_ended", async () => {
    const user = await newUser("global-out");
    const other = await signInAgain(user.email, user.password);
    assert.equal((await callFunction(SESSION, { token: user.accessToken })).status, 200);

    const out = await user.client.auth.signOut({ scope: "global" });
    assert.equal(out.error, null);

    for (const path of [
      SESSION,
      "onboarding/v1/onboarding",
      "projects/v1/projects",
      "notifications/v1/notifications",
    ]) {
      for (const token of [user.accessToken, other.accessToken]) {
        const res = await callFunction(path, { token });
        assert.equal(res.status, 401, `${path}: ${JSON.stringify(res.body)}`);
        assert.equal(errorCode(res.body), "session_ended", path);
      }
    }
    // A write is refused too, and nothing is written.
    const patch = await callFunction("auth-identity/v1/auth/profile", {
      method: "PATCH",
      token: user.accessToken,
      body: { display_name: "After Sign-out" },
    });
    assert.equal(patch.status, 401);
    assert.equal(errorCode(patch.body), "session_ended");
    const [row] = await withSql(
      (sql) => sql<{ display_name: string | null }[]>`
        select display_name from public.profiles where id = ${user.userId}`,
    );
    assert.notEqual(row?.display_name, "After Sign-out");
  });

  test("local sign-out ends only that session; 'others' ends all but the caller's", async () => {
    const user = await newUser("local-out");
    const second = await signInAgain(user.email, user.password);
    const third = await signInAgain(user.email, user.password);
    const sid = (t: string) => decodeJwt(t).session_id;
    assert.notEqual(sid(user.accessToken), sid(second.accessToken));

    assert.equal((await second.client.auth.signOut({ scope: "local" })).error, null);
    const ended = await callFunction(SESSION, { token: second.accessToken });
    assert.equal(ended.status, 401);
    assert.equal(errorCode(ended.body), "session_ended");
    assert.equal((await callFunction(SESSION, { token: user.accessToken })).status, 200);
    assert.equal((await callFunction(SESSION, { token: third.accessToken })).status, 200);

    assert.equal((await third.client.auth.signOut({ scope: "others" })).error, null);
    assert.equal(errorCode((await callFunction(SESSION, { token: user.accessToken })).body), "session_ended");
    assert.equal((await callFunction(SESSION, { token: third.accessToken })).status, 200);
  });

  test("a password change ends the user's other sessions, as GoTrue does; the changing one stays", async () => {
    const user = await newUser("pw-change");
    const other = await signInAgain(user.email, user.password);
    const changed = await user.client.auth.updateUser({ password: `${user.password}-new` });
    assert.equal(changed.error, null);
    assert.equal((await callFunction(SESSION, { token: user.accessToken })).status, 200);
    const ended = await callFunction(SESSION, { token: other.accessToken });
    assert.equal(ended.status, 401);
    assert.equal(errorCode(ended.body), "session_ended");
  });

  test("sign-in creates the session row the check relies on; sign-out deletes it", async () => {
    const user = await newUser("rows");
    const sessionId = decodeJwt(user.accessToken).session_id as string;
    const count = () =>
      withSql(async (sql) => {
        const [r] = await sql<
          { n: number }[]
        >`select count(*)::int as n from auth.sessions where id = ${sessionId}`;
        return r?.n ?? 0;
      });
    assert.equal(await count(), 1);
    await user.client.auth.signOut({ scope: "local" });
    assert.equal(await count(), 0);
  });
});
