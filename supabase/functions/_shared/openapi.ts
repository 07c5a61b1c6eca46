/**
 * Each function's OpenAPI 3.1 document, generated from the same zod schemas its routes
 * validate with (`@hono/zod-openapi` `createRoute`). The devstack gateway serves them at `/docs`.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";

/** The security scheme every route uses: a Supabase access token as a bearer JWT. */
export const BEARER_SCHEME = "bearerAuth";

/** `security` for a route that needs a signed-in user. */
export const bearerSecurity = [{ [BEARER_SCHEME]: [] }];

// deno-lint-ignore no-explicit-any
type AnyOpenAPIHono = OpenAPIHono<any, any, any>;

/**
 * The OpenAPI 3.1 document of function `name`. Paths include the function's base path
 * (`/<name>/v1/...`) and are relative to the server `<SUPABASE_URL>/functions/v1`.
 */
export function openApiDocument(app: AnyOpenAPIHono, name: string, serverUrl = "/functions/v1") {
  const registry = app.openAPIRegistry;
  const hasScheme = registry.definitions.some(
    (d) => d.type === "component" && d.componentType === "securitySchemes" && d.name === BEARER_SCHEME,
  );
  if (!hasScheme) {
    registry.registerComponent("securitySchemes", BEARER_SCHEME, {
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
      description: "A Supabase user access token (`Authorization: Bearer <access_token>`).",
    });
  }
  return app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: `CareerPilot ${name}`, version: "1.0.0" },
    servers: [{ url: serverUrl }],
    security: bearerSecurity,
  });
}
