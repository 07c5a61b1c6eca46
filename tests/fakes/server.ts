/**
 * Starts the loopback fakes of external services.
 *
 *   npx tsx tests/fakes/server.ts                 GitHub on 127.0.0.1:55401, Gemini on 127.0.0.1:55402
 *                                                 (the test profile's), until SIGTERM/SIGINT; prints
 *                                                 one JSON line when ready
 *   npx tsx tests/fakes/server.ts --profile dev   the dev profile's ports, 54401 / 54402, so fakes for
 *                                                 the dev stack never block `npm test`
 *   npx tsx tests/fakes/server.ts --profile dev --demo   the demo services of `npm run dev` (demo
 *                                                 ports, demo OAuth app, the demo user's GitHub token)
 *   import { startFakes } from "…/fakes/server.js"; const fakes = await startFakes();  (port 0 = any)
 *
 * {@link fakeEnv} is the environment that points the functions at them (write it into
 * `.devstack/<profile>/env.json`): the fake GitHub OAuth app, the fakes' base URLs, a fixed
 * NON-SECRET token keyring (tests read rows it encrypted) and the web origin.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import {
  DEMO_GITHUB,
  demoPortsOf,
  fakePortsOf,
  isProfileName,
  type ProfileName,
} from "../../devstack/src/config.js";
import { type FakeGeminiOptions, GeminiFake } from "./gemini.js";
import {
  FAKE_GITHUB_CLIENT_ID,
  FAKE_GITHUB_CLIENT_SECRET,
  type FakeGitHubOptions,
  GitHubFake,
} from "./github.js";

/** Fixed ports of the fakes for the test profile (`npm test` starts them there). */
export const FAKE_PORTS = fakePortsOf("test");
/** Fixed ports of the fakes for the dev profile (`.devstack/dev/env.json` points there). */
export const DEV_FAKE_PORTS = fakePortsOf("dev");

/**
 * The keyring the fakes' environment gives the functions: `fake-2` active, `fake-1` older (so
 * rotation can be exercised). Fixed and public — for dev and test stacks only.
 */
export const FAKE_KEYS = {
  "fake-2": "jiPGJLEPc8NeS4g9jb3aGpCbkJQTY4/81HxMIh/bacg=",
  "fake-1": "BH1IxE1q6/0nnpfVli4zI4lvbJqxUIOnFjfYx92Fzmc=",
} as const;
export const FAKE_TOKEN_ENCRYPTION_KEYS = Object.entries(FAKE_KEYS)
  .map(([kid, key]) => `${kid}:${key}`)
  .join(",");

export interface RunningFakes {
  github: { url: string; fake: GitHubFake; server: Server };
  gemini: { url: string; fake: GeminiFake; server: Server };
  close(): Promise<void>;
}

async function listen(
  handler: (
    req: import("node:http").IncomingMessage,
    res: import("node:http").ServerResponse,
  ) => Promise<void>,
  port: number,
  host: string,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    handler(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`fake failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://${host}:${address.port}` };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts the GitHub and Gemini fakes (port 0 picks a free port). */
export async function startFakes(
  options: {
    githubPort?: number;
    geminiPort?: number;
    host?: string;
    github?: FakeGitHubOptions;
    gemini?: FakeGeminiOptions;
  } = {},
): Promise<RunningFakes> {
  const host = options.host ?? "127.0.0.1";
  const githubFake = new GitHubFake(options.github);
  const geminiFake = new GeminiFake(options.gemini);
  const gh = await listen(githubFake.handle, options.githubPort ?? 0, host);
  githubFake.baseUrl = gh.url;
  let gm: { server: Server; url: string };
  try {
    gm = await listen(geminiFake.handle, options.geminiPort ?? 0, host);
  } catch (err) {
    await closeServer(gh.server);
    throw err;
  }
  geminiFake.baseUrl = gm.url;
  return {
    github: { url: gh.url, fake: githubFake, server: gh.server },
    gemini: { url: gm.url, fake: geminiFake, server: gm.server },
    close: async () => {
      await Promise.all([closeServer(gh.server), closeServer(gm.server)]);
    },
  };
}

/** The functions' environment for a stack that talks to the fakes (values for env.json). */
export function fakeEnv(
  options: { githubUrl?: string; geminiUrl?: string; siteUrl?: string } = {},
): Record<string, string> {
  const githubUrl = options.githubUrl ?? `http://127.0.0.1:${FAKE_PORTS.github}`;
  return {
    GITHUB_CLIENT_ID: FAKE_GITHUB_CLIENT_ID,
    GITHUB_CLIENT_SECRET: FAKE_GITHUB_CLIENT_SECRET,
    GITHUB_OAUTH_BASE_URL: githubUrl,
    GITHUB_API_BASE_URL: githubUrl,
    GEMINI_API_BASE_URL: options.geminiUrl ?? `http://127.0.0.1:${FAKE_PORTS.gemini}`,
    TOKEN_ENCRYPTION_KEYS: FAKE_TOKEN_ENCRYPTION_KEYS,
    SITE_URL: options.siteUrl ?? "http://127.0.0.1:3000",
  };
}

/**
 * The demo services `npm run dev` runs when no real credentials are configured: the same fakes on
 * the profile's demo ports, knowing the demo OAuth app and the seeded demo user's GitHub token.
 */
export async function startDemoServices(
  profile: ProfileName,
  ports: { github: number; gemini: number } = demoPortsOf(profile),
): Promise<RunningFakes> {
  const fakes = await startFakes({
    githubPort: ports.github,
    geminiPort: ports.gemini,
    github: { apps: { [DEMO_GITHUB.clientId]: DEMO_GITHUB.clientSecret }, defaultLogin: DEMO_GITHUB.login },
  });
  fakes.github.fake.tokens.set(DEMO_GITHUB.token, {
    clientId: DEMO_GITHUB.clientId,
    login: DEMO_GITHUB.login,
    scopes: [...DEMO_GITHUB.scopes],
    createdAt: new Date().toISOString(),
  });
  return fakes;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf("--profile");
  const name = at >= 0 ? (process.argv[at + 1] ?? "") : "test";
  if (!isProfileName(name)) {
    console.error(`unknown profile "${name}" (expected dev, test or h1…h6)`);
    process.exit(2);
  }
  const demo = process.argv.includes("--demo");
  const ports = fakePortsOf(name);
  const fakes = demo
    ? await startDemoServices(name)
    : await startFakes({ githubPort: ports.github, geminiPort: ports.gemini });
  console.log(JSON.stringify({ fakes: "ready", demo, github: fakes.github.url, gemini: fakes.gemini.url }));
  const stop = () => {
    fakes.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
