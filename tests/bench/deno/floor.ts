// The floor for `npm run bench:api`: a bare Hono handler on the same Deno, no kit, no database.
import { Hono } from "hono";

const port = Number(Deno.env.get("PORT") ?? "54999");
const app = new Hono().get("/", (c) => c.json({ ok: true }));
Deno.serve(
  { hostname: "127.0.0.1", port, onListen: () => console.log(`floor listening on ${port}`) },
  app.fetch,
);
