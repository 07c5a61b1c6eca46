/**
 * `npm run bench:web`: builds the web app (`next build` into web/.next-bench, beside the dev and
 * test builds) and prints the first-load JavaScript of every page route, gzipped.
 *
 * How it counts: what a modern browser downloads to show a route on a first visit, read from the
 * build's own manifests: the root main files every page loads (build-manifest.json
 * `rootMainFiles`: React, Next's runtime) plus the client chunks of the route's layouts and page
 * (the route's client-reference manifest `entryJSFiles`, root layout first). Each distinct file is
 * counted once and gzipped at level 9 (`zlib.gzipSync`). Not counted: `polyfillFiles` (loaded
 * with `nomodule`, so modern browsers skip them), chunks loaded later on interaction (dynamic
 * imports), CSS and fonts. Fails nothing: it reports.
 *
 *   npm run bench:web [-- --no-build | --dist .next-test] [--budget 200]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";

const root = new URL("../..", import.meta.url).pathname;
const webDir = join(root, "web");
const argv = process.argv.slice(2);
// `--dist .next-test` measures an existing build (implies --no-build).
const distArg = argv.includes("--dist") ? argv[argv.indexOf("--dist") + 1] : undefined;
const distName = distArg ?? ".next-bench";
const dist = join(webDir, distName);
const budgetKb = argv.includes("--budget") ? Number(argv[argv.indexOf("--budget") + 1]) : 200;

if (!argv.includes("--no-build") && !distArg) {
  const build = spawnSync(join(root, "node_modules", ".bin", "next"), ["build"], {
    cwd: webDir,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      NEXT_DIST_DIR: distName,
      NEXT_TELEMETRY_DISABLED: "1",
      // The build parses the public configuration; any valid values do for measuring.
      NEXT_PUBLIC_SUPABASE_URL: process.env.NEXT_PUBLIC_SUPABASE_URL ?? "http://127.0.0.1:54321",
      NEXT_PUBLIC_SUPABASE_ANON_KEY: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ?? "bench-anon-key",
    },
  });
  if (build.status !== 0) {
    console.error("next build failed");
    process.exit(1);
  }
}

interface RscManifest {
  entryJSFiles?: Record<string, string[]>;
}

/** Every `page_client-reference-manifest.js` under the build's server/app. */
function manifests(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...manifests(p));
    else if (name === "page_client-reference-manifest.js") out.push(p);
  }
  return out;
}

/** The manifest file's object (it assigns `globalThis.__RSC_MANIFEST[<entry>]`). */
function readManifest(file: string): { entry: string; manifest: RscManifest } {
  const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, RscManifest> } = {};
  sandbox.globalThis = sandbox;
  runInNewContext(readFileSync(file, "utf8"), sandbox);
  const [entry, manifest] = Object.entries(sandbox.__RSC_MANIFEST ?? {})[0] ?? [];
  if (!entry || !manifest) throw new Error(`no manifest in ${file}`);
  return { entry, manifest };
}

/** "/(app)/dashboard/page" → "/dashboard" (route groups and the page segment dropped). */
function routeOf(entry: string): string {
  const parts = entry
    .split("/")
    .filter((s) => s && !/^\(.*\)$/.test(s))
    .slice(0, -1);
  return `/${parts.join("/")}`;
}

const gzCache = new Map<string, number>();
function gzipped(file: string): number {
  let size = gzCache.get(file);
  if (size === undefined) {
    size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
    gzCache.set(file, size);
  }
  return size;
}

const buildManifest = JSON.parse(readFileSync(join(dist, "build-manifest.json"), "utf8")) as {
  rootMainFiles: string[];
  polyfillFiles: string[];
};
const polyfills = new Set(buildManifest.polyfillFiles);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

const verbose = argv.includes("--verbose");
const rows: { route: string; bytes: number; files: number; list: string[] }[] = [];
const appDir = join(dist, "server", "app");
for (const file of manifests(appDir)) {
  const { entry, manifest } = readManifest(file);
  const route = routeOf(entry);
  if (route.startsWith("/_")) continue;
  // The entry's own directory chain: app/layout, app/(group)/layout, …, then the page.
  const pageDir = `[project]/web/app${entry.replace(/\/page$/, "")}`;
  const chain = Object.entries(manifest.entryJSFiles ?? {}).filter(([key]) => {
    if (key === `${pageDir}/page`) return true;
    if (!key.endsWith("/layout")) return false;
    const dir = key.slice(0, -"/layout".length);
    return pageDir === dir || pageDir.startsWith(`${dir}/`);
  });
  const files = new Set<string>(buildManifest.rootMainFiles);
  for (const [, chunks] of chain) for (const c of chunks) files.add(c);
  const counted = [...files].filter((f) => !polyfills.has(f) && f.endsWith(".js"));
  rows.push({
    route,
    bytes: counted.reduce((a, f) => a + gzipped(f), 0),
    files: counted.length,
    list: counted,
  });
}

rows.sort((a, b) => a.route.localeCompare(b.route));
const shared = buildManifest.rootMainFiles.filter((f) => !polyfills.has(f));
console.log("\nFirst-load JS per route (gzip -9; modern browsers: nomodule polyfills excluded)\n");
console.log(`${"route".padEnd(32)} ${"first load".padStart(10)}  files  budget ${budgetKb} kB`);
for (const r of rows) {
  const over = r.bytes / 1024 > budgetKb;
  console.log(
    `${r.route.padEnd(32)} ${kb(r.bytes).padStart(10)}  ${String(r.files).padStart(5)}  ${over ? "OVER" : "ok"}`,
  );
  if (verbose) {
    for (const f of r.list.filter((f) => !buildManifest.rootMainFiles.includes(f))) {
      console.log(`    ${kb(gzipped(f)).padStart(9)}  ${f}`);
    }
  }
}
console.log(
  `\nshared by every route (root main files): ${kb(shared.reduce((a, f) => a + gzipped(f), 0))} in ${shared.length} files`,
);
const polyBytes = buildManifest.polyfillFiles.reduce(
  (a, f) => a + (existsSync(join(dist, f)) ? gzipped(f) : 0),
  0,
);
console.log(`legacy polyfills (nomodule, not counted): ${kb(polyBytes)}`);
const largest = [...gzCache.entries()]
  .filter(([f]) => !polyfills.has(f))
  .sort((a, b) => b[1] - a[1])
  .slice(0, 8);
console.log("\nlargest counted chunks:");
for (const [f, size] of largest) console.log(`  ${kb(size).padStart(9)}  ${f.split(sep).join("/")}`);
