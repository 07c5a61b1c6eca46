/**
 * Prints the OpenAPI 3.1 document of every function as one JSON object `{"<function>": document}`
 * on stdout, built in this process from the functions' zod routes, exactly as `/docs` serves them:
 * no running stack, database or environment is needed (importing a function must not connect).
 *
 *   deno run --config supabase/functions/deno.json --allow-read --allow-env \
 *     devstack/gateway/openapi_documents.ts [functionsDir]
 *
 * `npm run gen:api` (scripts/gen-api.ts) turns the documents into the web's API types.
 */
import { openApiDocuments } from "./docs.ts";
import { FunctionRegistry } from "./functions.ts";

const dir = Deno.args[0] ?? new URL("../../supabase/functions", import.meta.url).pathname;
const registry = new FunctionRegistry(dir);
const documentOf = openApiDocuments(registry);

const out: Record<string, unknown> = {};
for (const name of await registry.names()) {
  const doc = await documentOf(name);
  if ("error" in doc && !("openapi" in doc)) {
    console.error(`${name}: ${doc.error}`);
    Deno.exit(1);
  }
  out[name] = doc;
}
await Deno.stdout.write(new TextEncoder().encode(`${JSON.stringify(out)}\n`));
// Function modules may hold timers or pools; the documents are written, so stop here.
Deno.exit(0);
