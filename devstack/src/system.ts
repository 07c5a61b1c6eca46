/**
 * The machine's Debian packages the devstack and the tests need (devstack/system-packages.txt,
 * the list .ci/run installs too): checked before a stack comes up, installed when missing if we
 * are root and apt-get exists, otherwise one exact install command is printed.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./config.js";
import { run } from "./processes.js";

/** The package list file, shared with .ci/run. */
export const SYSTEM_PACKAGES_FILE = path.join(REPO_ROOT, "devstack", "system-packages.txt");

/** The package names in {@link SYSTEM_PACKAGES_FILE} (comments and blank lines dropped). */
export function systemPackages(file = SYSTEM_PACKAGES_FILE): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter(Boolean);
}

/** The packages of `names` that dpkg does not report as installed. */
export async function missingPackages(names: string[]): Promise<string[]> {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own field syntax
  const res = await run("dpkg-query", ["-W", "-f=${Package} ${db:Status-Status}\\n", ...names], {
    check: false,
  });
  const installed = new Set(
    res.stdout
      .split("\n")
      .map((l) => l.trim().split(" "))
      .filter(([, status]) => status === "installed")
      .map(([name]) => name),
  );
  return names.filter((n) => !installed.has(n));
}

/** The command a user runs to install `names` (what we run ourselves as root). */
export function installCommand(names: string[], sudo = true): string {
  return `${sudo ? "sudo " : ""}apt-get update && ${sudo ? "sudo " : ""}apt-get install -y --no-install-recommends ${names.join(" ")}`;
}

/**
 * Makes sure the system packages are installed: a no-op when they are (or on a machine without
 * dpkg, or with `DEVSTACK_SKIP_SYSTEM_PACKAGES=1`); installs the missing ones with apt-get when we
 * are root.
 * @throws with the one install command when packages are missing and we cannot install them
 */
export async function ensureSystemPackages(
  log: (msg: string) => void,
  opts: { packages?: string[]; canInstall?: boolean } = {},
): Promise<void> {
  if (process.env.DEVSTACK_SKIP_SYSTEM_PACKAGES === "1") return;
  if (!existsSync("/usr/bin/dpkg-query")) {
    log("not a Debian-like system (no dpkg-query): skipping the system package check");
    return;
  }
  const missing = await missingPackages(opts.packages ?? systemPackages());
  if (missing.length === 0) return;
  const canInstall = opts.canInstall ?? (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get"));
  if (!canInstall) {
    throw new Error(
      `these Debian packages are missing: ${missing.join(" ")}\ninstall them once with:\n  ${installCommand(missing)}`,
    );
  }
  log(`installing missing system packages (apt-get): ${missing.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await run("apt-get", ["update", "-qq"], { env });
  await run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], { env });
  const still = await missingPackages(missing);
  if (still.length > 0) throw new Error(`apt-get did not install: ${still.join(" ")}`);
  log("system packages installed");
}
