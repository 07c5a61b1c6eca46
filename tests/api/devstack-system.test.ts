/**
 * The machine's packages: one list (devstack/system-packages.txt) that the devstack checks, that
 * .ci/run installs and that the README's install command shows; a missing package is reported with
 * the one command that installs it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../../devstack/src/config.js";
import { ensureSystemPackages, missingPackages, systemPackages } from "../../devstack/src/system.js";

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), "utf8");

test("the list names the packages the stack and the suites need", () => {
  const list = systemPackages();
  for (const needed of [
    "postgresql-15",
    "postgresql-15-cron",
    "postgresql-15-pgtap",
    "libtap-parser-sourcehandler-pgtap-perl",
    "chromium",
    "ffmpeg",
  ]) {
    assert.ok(list.includes(needed), `${needed} is in devstack/system-packages.txt`);
  }
});

test(".ci/run installs from that list and has none of its own", () => {
  const ci = read(".ci/run");
  assert.match(ci, /devstack\/system-packages\.txt/);
  for (const name of systemPackages()) {
    assert.ok(
      !new RegExp(`\\b${name}\\b(?!-)`).test(ci.replace(/^#.*$/gm, "")),
      `.ci/run does not list ${name} itself`,
    );
  }
});

test("the README's install command is exactly the list", () => {
  const readme = read("README.md");
  const command = /apt-get install -y --no-install-recommends ([^`]+)```/.exec(readme)?.[1];
  assert.ok(command, "README.md shows an apt-get install command");
  const names = command.replace(/\\/g, " ").trim().split(/\s+/);
  assert.deepEqual([...names].sort(), [...systemPackages()].sort());
});

test("installed packages pass; a missing one is named with the command that installs it", async () => {
  assert.deepEqual(await missingPackages(["postgresql-15", "careerpilot-no-such-package"]), [
    "careerpilot-no-such-package",
  ]);
  await ensureSystemPackages(() => {}, { packages: ["postgresql-15"], canInstall: false });
  await assert.rejects(
    ensureSystemPackages(() => {}, {
      packages: ["postgresql-15", "careerpilot-no-such-package"],
      canInstall: false,
    }),
    /missing: careerpilot-no-such-package\n.*\n\s+sudo apt-get update && sudo apt-get install -y --no-install-recommends careerpilot-no-such-package$/,
  );
});
