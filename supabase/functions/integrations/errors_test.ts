import { assertEquals } from "../_shared/test_assert.ts";
import { createApp } from "../_shared/app.ts";
import { AppError } from "../_shared/errors.ts";
import { IntegrationError } from "./errors.ts";

Deno.test("IntegrationError renders through the kit's error path with its own code and status", async () => {
  const app = createApp("probe");
  app.get("/unconfigured", () => {
    throw new IntegrationError("integration_not_configured", "GitHub is not configured.");
  });
  app.get("/bad-key", () => {
    throw new IntegrationError("invalid_api_key", "Google rejected this key.", { reason: "API_KEY_INVALID" });
  });

  const unconfigured = await app.request("/probe/unconfigured");
  assertEquals(unconfigured.status, 503);
  assertEquals(await unconfigured.json(), {
    error: { code: "integration_not_configured", message: "GitHub is not configured." },
  });

  const badKey = await app.request("/probe/bad-key");
  assertEquals(badKey.status, 422);
  assertEquals(await badKey.json(), {
    error: {
      code: "invalid_api_key",
      message: "Google rejected this key.",
      details: { reason: "API_KEY_INVALID" },
    },
  });
  assertEquals(new IntegrationError("invalid_api_key", "x") instanceof AppError, true);
});
