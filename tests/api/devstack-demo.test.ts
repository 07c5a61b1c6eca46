/**
 * Demo services: which services the devstack replaces with loopback fakes (only those without real
 * settings, never in the test profile), what it tells the functions, and that the demo GitHub
 * accepts the seeded demo account's token as its account.
 */
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { request } from "@octokit/request";
import { DEMO_GITHUB, getProfile } from "../../devstack/src/config.js";
import { decideDemoServices, demoFunctionEnv, demoUrls } from "../../devstack/src/demo.js";
import { startDemoServices } from "../fakes/server.js";

const h6 = getProfile("h6");
const saved = process.env.DEVSTACK_DEMO;
afterEach(() => {
  if (saved === undefined) delete process.env.DEVSTACK_DEMO;
  else process.env.DEVSTACK_DEMO = saved;
});

test("with nothing configured both services are demos; real settings switch each off", () => {
  delete process.env.DEVSTACK_DEMO;
  assert.deepEqual(decideDemoServices(h6, {}), { github: true, gemini: true });
  assert.deepEqual(decideDemoServices(h6, { GITHUB_CLIENT_ID: "Iv1.real", GITHUB_CLIENT_SECRET: "s3cret" }), {
    github: false,
    gemini: true,
  });
  // Half an OAuth app is not an OAuth app.
  assert.deepEqual(decideDemoServices(h6, { GITHUB_CLIENT_ID: "Iv1.real", GITHUB_CLIENT_SECRET: " " }), {
    github: true,
    gemini: true,
  });
  assert.deepEqual(
    decideDemoServices(h6, { GEMINI_API_BASE_URL: "https://generativelanguage.googleapis.com" }),
    {
      github: true,
      gemini: false,
    },
  );
});

test("the test profile and DEVSTACK_DEMO=0 never run demo services", () => {
  delete process.env.DEVSTACK_DEMO;
  assert.deepEqual(decideDemoServices(getProfile("test"), {}), { github: false, gemini: false });
  process.env.DEVSTACK_DEMO = "0";
  assert.deepEqual(decideDemoServices(h6, {}), { github: false, gemini: false });
});

test("the functions are pointed only at the demo services in use", () => {
  const urls = demoUrls(h6);
  assert.deepEqual(demoFunctionEnv(h6, { github: false, gemini: true }), {
    GEMINI_API_BASE_URL: urls.gemini,
  });
  const both = demoFunctionEnv(h6, { github: true, gemini: true });
  assert.equal(both.GITHUB_CLIENT_ID, DEMO_GITHUB.clientId);
  assert.equal(both.GITHUB_API_BASE_URL, urls.github);
  assert.equal(both.GITHUB_OAUTH_BASE_URL, urls.github);
  assert.deepEqual(demoFunctionEnv(h6, { github: false, gemini: false }), {});
});

test("the demo GitHub knows the demo account's token as octocat with the repo scope", async () => {
  const fakes = await startDemoServices("h6", { github: 0, gemini: 0 });
  try {
    const gh = request.defaults({ baseUrl: fakes.github.url });
    const user = await gh("GET /user", { headers: { authorization: `token ${DEMO_GITHUB.token}` } });
    assert.equal(user.data.login, DEMO_GITHUB.login);
    assert.match(String(user.headers["x-oauth-scopes"]), /\brepo\b/);
    const repos = await gh("GET /user/repos", { headers: { authorization: `token ${DEMO_GITHUB.token}` } });
    assert.ok(repos.data.length > 0, "the demo account has repositories");
    await assert.rejects(
      gh("GET /user", { headers: { authorization: "token gho_unknown" } }),
      /Bad credentials/,
    );
  } finally {
    await fakes.close();
  }
});
