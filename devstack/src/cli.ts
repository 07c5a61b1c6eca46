/**
 * devstack CLI — the Docker-less stand-in for `supabase start`.
 *
 *   up [--profile dev|test] [--no-web] [--no-runner]   bring the stack up (detached) and wait until healthy
 *   down [--profile p]                   stop runner, web, gateway and postgres
 *   status [--profile p] [--json]        URLs, keys, demo accounts, which services are up
 *   reset [--profile p] [--no-web] [--no-runner]   down, wipe the state (keeps keys.json), up (fresh DB + seed)
 *   dev [--profile p] [--no-web] [--no-runner]     the stack in the foreground with prefixed logs; Ctrl-C stops it
 *   admin-grant <email> [--profile p]    make an existing user an admin
 *
 * Run with tsx: `npm run stack -- <command>`, `npm run dev`, `npm run admin:grant -- <email>`.
 */
import { grantAdmin } from "./admin.js";
import { getProfile, type Profile } from "./config.js";
import { runDev } from "./dev.js";
import {
  downStack,
  makeLog,
  printStatus,
  serviceStatus,
  statusJson,
  upDatabase,
  upServices,
  wipeState,
} from "./stack.js";
import { ensureSystemPackages } from "./system.js";

const USAGE = `usage: npm run stack -- <command> [--profile dev|test]
  up [--no-web] [--no-runner]   bring the stack up (detached) and wait until it is healthy
                                (--no-runner also stops a running runner of the profile)
  down                stop runner, web, gateway and postgres (data is kept)
  status [--json]     URLs, keys, demo accounts and which services are up
  reset [--no-web] [--no-runner]  down, delete the state dir except keys.json, up (fresh DB, migrations, seed)
  dev [--no-web] [--no-runner]    run in the foreground with prefixed logs (npm run dev); Ctrl-C stops everything
  admin-grant <email> make an existing user an admin (npm run admin:grant -- <email>)
Profile defaults to $DEVSTACK_PROFILE or dev.`;

interface Args {
  command: string;
  positional: string[];
  profile?: string;
  json: boolean;
  noWeb: boolean;
  noRunner: boolean;
}

/** Parses `<command> [positional...] [--profile p] [--json] [--no-web] [--no-runner]`. */
export function parseArgs(argv: string[]): Args {
  const args: Args = { command: "", positional: [], json: false, noWeb: false, noRunner: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--profile" || a === "-p") {
      args.profile = argv[++i];
      if (!args.profile) throw new Error("--profile needs a value (dev or test)");
    } else if (a.startsWith("--profile=")) args.profile = a.slice("--profile=".length);
    else if (a === "--json") args.json = true;
    else if (a === "--no-web") args.noWeb = true;
    else if (a === "--no-runner") args.noRunner = true;
    else if (a === "--help" || a === "-h") args.command = "help";
    else if (a.startsWith("-")) throw new Error(`unknown option ${a}\n${USAGE}`);
    else if (!args.command) args.command = a;
    else args.positional.push(a);
  }
  return args;
}

async function cmdUp(
  profile: Profile,
  opts: { noWeb: boolean; noRunner: boolean },
  forceSeed = false,
): Promise<void> {
  const log = makeLog();
  const { keys } = await upDatabase(profile, log, { forceSeed });
  await upServices(profile, keys, log, opts);
  log("stack is up");
  await printStatus(profile);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.command || args.command === "help") {
    console.log(USAGE);
    return args.command ? 0 : 2;
  }
  const profile = getProfile(args.profile);
  if (["up", "reset", "dev"].includes(args.command)) await ensureSystemPackages(makeLog());
  switch (args.command) {
    case "up":
      await cmdUp(profile, args);
      return 0;
    case "down":
      await downStack(profile, makeLog());
      return 0;
    case "reset": {
      await downStack(profile, makeLog());
      wipeState(profile);
      await cmdUp(profile, args, true);
      return 0;
    }
    case "status":
      if (args.json)
        process.stdout.write(`${JSON.stringify(await statusJson(profile, await serviceStatus(profile)))}\n`);
      else await printStatus(profile);
      return 0;
    case "dev":
      return runDev(profile, { noWeb: args.noWeb, noRunner: args.noRunner });
    case "admin-grant":
    case "admin:grant": {
      const email = args.positional[0];
      if (!email) throw new Error("usage: npm run admin:grant -- <email> [--profile dev|test]");
      const row = await grantAdmin(profile, email);
      console.log(`${row.email} (${row.id}) is now an admin`);
      return 0;
    }
    default:
      console.error(`unknown command "${args.command}"\n${USAGE}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`devstack: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
