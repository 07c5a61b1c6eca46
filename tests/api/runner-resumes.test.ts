/**
 * The runner's resume consumers (scraper-runner/src/resumes/) against the stack:
 *   - resume_pdf: a built version's PDF is rendered (₹ and a Devanagari name), uploaded to the
 *     private bucket, parsed back and its check stored; the download is a signed, expiring link
 *     to a PDF whose extracted text holds the content and none of a fabricating model's lies;
 *   - resume_auto_update: a first import of many repositories makes ONE draft per resume with
 *     auto-update on (grounded, diffed against the active version), announced once; nothing goes
 *     live until it is approved.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString } from "pdf-lib";
import { extractPdfText } from "../../scraper-runner/src/documents/extract.js";
import { renderResumePdf } from "../../scraper-runner/src/documents/render.js";
import { FAKE_GEMINI_FABRICATE_KEY, fakeGeminiValidKey } from "../fakes/gemini.js";
import { FABRICATED_FACTS, IMPORT_INVENTED } from "../fakes/gemini-resume.js";
import { callFunction, newUser, type TestUser, withSql } from "../support/env.js";
import { assertNoStackRunner, killRunner, type RunnerProcess, startRunner } from "../support/runner.js";
import { arrangeRepository, arrangeTranscodedVideo } from "../support/videos.js";

const R = "resumes/v1/resumes";
const REC = "resumes/v1/career-record";
let runner: RunnerProcess | undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The PDF's text as poppler reads it (honours /ActualText: Devanagari in logical order). */
const pdftotext = (pdf: Uint8Array) =>
  execFileSync("pdftotext", ["-enc", "UTF-8", "-", "-"], { input: pdf }).toString("utf8");

before(async () => {
  await assertNoStackRunner();
  runner = await startRunner({
    queues: ["resume_pdf", "resume_auto_update", "resume_import"],
    name: "resumes-test",
  });
});
after(async () => {
  if (runner) await killRunner(runner);
});

async function post(user: TestUser, path: string, body: unknown) {
  return callFunction(path, { method: "POST", token: user.accessToken, body });
}

async function readyUser(prefix: string, key: string) {
  const user = await newUser(prefix);
  await withSql(
    (sql) => sql`update public.profiles set display_name = 'अनन्या शर्मा' where id = ${user.userId}`,
  );
  const save = await post(user, "integrations/v1/integrations/tokens", { provider: "gemini", token: key });
  assert.equal(save.status, 200, JSON.stringify(save.body));
  for (const [kind, data] of [
    [
      "work",
      {
        organization: "Acme Payments",
        title: "Senior Backend Engineer",
        start_date: "2019-04",
        end_date: "2023-06",
        highlights: [
          "Cut settlement costs by ₹12 lakh a year with PostgreSQL partitioning.",
          "Mentored 3 engineers.",
        ],
      },
    ],
    ["education", { institution: "IIT Madras", area: "Computer Science", study_type: "B.Tech" }],
    ["skill", { name: "PostgreSQL" }],
    ["skill", { name: "Go" }],
  ] as const) {
    assert.equal((await post(user, REC, { kind, data })).status, 201);
  }
  const r = await post(user, R, { name: "Backend", role_type: "Backend engineer" });
  return { user, resumeId: (r.body as { id: string }).id };
}

/** Polls the download until it is ready (200) or fails. */
async function download(user: TestUser, resumeId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await callFunction(`${R}/${resumeId}/download`, { token: user.accessToken });
    if (res.status === 200) return res.body as { file_url: string; expires_at: string; version_id: string };
    assert.equal(res.status, 409, JSON.stringify(res.body));
    const status = (res.body as { error: { details: { pdf_status: string } } }).error.details.pdf_status;
    assert.notEqual(status, "failed", JSON.stringify(res.body));
    if (Date.now() > deadline) assert.fail(`PDF still ${status} after ${timeoutMs} ms`);
    await sleep(500);
  }
}

describe("runner: resume PDFs", () => {
  test("a build's PDF renders ₹ and Devanagari, parses back in order and downloads through an expiring link", async () => {
    const { user, resumeId } = await readyUser("pdf", fakeGeminiValidKey(randomBytes(6).toString("hex")));
    const built = await post(user, `${R}/${resumeId}/build`, { mode: "ai" });
    assert.equal(built.status, 201, JSON.stringify(built.body));
    const link = await download(user, resumeId);
    assert.ok(Date.parse(link.expires_at) - Date.now() <= 600_000 + 5_000);
    const res = await fetch(link.file_url);
    assert.equal(res.status, 200);
    const pdf = new Uint8Array(await res.arrayBuffer());
    assert.equal(Buffer.from(pdf.slice(0, 5)).toString(), "%PDF-");
    const { hasTextLayer } = await extractPdfText(pdf);
    assert.ok(hasTextLayer);
    const text = pdftotext(pdf);
    assert.ok(text.includes("अनन्या शर्मा"), `Devanagari name missing: ${text.slice(0, 200)}`);
    assert.ok(text.includes("₹12 lakh"), "₹ missing");
    assert.ok(text.includes("Acme Payments"));
    const [v] = await withSql(
      (sql) =>
        sql<
          {
            pdf_check: {
              fidelity: number;
              fonts_embedded: boolean;
              garbled: boolean;
              missing_sections: string[];
            };
          }[]
        >`
        select pdf_check from public.resume_versions where id = ${link.version_id}`,
    );
    assert.ok(v!.pdf_check.fidelity >= 0.9, `fidelity ${v!.pdf_check.fidelity}`);
    assert.equal(v!.pdf_check.fonts_embedded, true);
    assert.equal(v!.pdf_check.garbled, false);
    assert.deepEqual(v!.pdf_check.missing_sections, []);
    // Another user cannot get the link.
    const stranger = await newUser("pdf-stranger");
    assert.equal(
      (await callFunction(`${R}/${resumeId}/download`, { token: stranger.accessToken })).status,
      404,
    );
  });

  test("nothing a fabricating model made up reaches the PDF", async () => {
    const { user, resumeId } = await readyUser("pdf-liar", FAKE_GEMINI_FABRICATE_KEY);
    assert.equal((await post(user, `${R}/${resumeId}/build`, { mode: "ai" })).status, 201);
    const link = await download(user, resumeId);
    const pdf = new Uint8Array(await (await fetch(link.file_url)).arrayBuffer());
    const text = pdftotext(pdf) + (await extractPdfText(pdf)).pages.join("\n");
    for (const fact of FABRICATED_FACTS) assert.ok(!text.includes(fact), `'${fact}' is in the PDF`);
    assert.ok(text.includes("Acme Payments"));
  });
});

/** The URIs of the PDF's link annotations. */
async function linkUris(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf);
  const out: string[] = [];
  for (const page of doc.getPages()) {
    for (const ref of page.node.Annots()?.asArray() ?? []) {
      const a = doc.context.lookup(ref, PDFDict);
      if (a.get(PDFName.of("Subtype")) !== PDFName.of("Link")) continue;
      out.push(a.lookup(PDFName.of("A"), PDFDict).lookup(PDFName.of("URI"), PDFString).decodeText());
    }
  }
  return out;
}

describe("runner: intro video links in resume PDFs", () => {
  test("a project with a transcoded video links its public share page ('Watch intro'), never a signed URL; a revoked link is left out", async () => {
    const { user, resumeId } = await readyUser(
      "pdf-video",
      fakeGeminiValidKey(randomBytes(6).toString("hex")),
    );
    const video = await arrangeTranscodedVideo(user, await arrangeRepository(user, "ledgerline"));
    assert.equal((await post(user, `${R}/${resumeId}/build`, { mode: "ai" })).status, 201);
    const first = await download(user, resumeId);
    const pdf = new Uint8Array(await (await fetch(first.file_url)).arrayBuffer());
    assert.ok(pdftotext(pdf).includes("ledgerline"), "the project is in the PDF");
    assert.ok(pdftotext(pdf).includes("Watch intro"), "the link's words are in the PDF");
    const shareLinks = (await linkUris(pdf)).filter((u) => /\/v\/[A-Za-z0-9_-]{22}$/.test(u));
    assert.equal(shareLinks.length, 1, JSON.stringify(await linkUris(pdf)));
    assert.ok(!(await linkUris(pdf)).some((u) => u.includes("token=")), "no signed URL in the PDF");
    const slug = shareLinks[0]!.split("/v/")[1]!;
    // The PDF's link is the owner's live share link, and it plays without signing in.
    const live = await callFunction(`projects/v1/projects/${video.repoId}/video/share`, {
      method: "POST",
      token: user.accessToken,
    });
    assert.equal((live.body as { slug: string }).slug, slug);
    const opened = await callFunction(`projects/v1/video-shares/${slug}`);
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    assert.equal((opened.body as { project_name: string }).project_name, "ledgerline");

    // Revoked: the old PDF's page answers 404, and the next PDF carries no link until shared again.
    const revoked = await callFunction(`projects/v1/projects/${video.repoId}/video/share`, {
      method: "DELETE",
      token: user.accessToken,
    });
    assert.deepEqual(revoked.body, { revoked: 1 });
    assert.equal((await callFunction(`projects/v1/video-shares/${slug}`)).status, 404);
    assert.equal((await post(user, `${R}/${resumeId}/build`, { mode: "ai" })).status, 201);
    const second = await download(user, resumeId);
    assert.notEqual(second.version_id, first.version_id);
    const pdf2 = new Uint8Array(await (await fetch(second.file_url)).arrayBuffer());
    assert.ok(pdftotext(pdf2).includes("ledgerline"));
    assert.ok(!pdftotext(pdf2).includes("Watch intro"), "a revoked video gets no link");
    assert.deepEqual(
      (await linkUris(pdf2)).filter((u) => u.includes("/v/")),
      [],
    );
  });
});

describe("runner: auto-update drafts", () => {
  test("a first import of 40 repositories makes one draft per resume, announced once, not live until approved", async () => {
    const { user, resumeId } = await readyUser("auto", fakeGeminiValidKey(randomBytes(6).toString("hex")));
    const built = (await post(user, `${R}/${resumeId}/build`, { mode: "ai" })).body as { version_id: string };
    const off = (await post(user, R, { name: "Manual", role_type: "Backend engineer" })).body as {
      id: string;
    };
    await post(user, `${R}/${off.id}/build`, { mode: "ai" });
    const on = await callFunction(`${R}/${resumeId}/auto-tailor`, {
      method: "PUT",
      token: user.accessToken,
      body: { enabled: true },
    });
    assert.equal(on.status, 200);

    const repos = Array.from({ length: 40 }, (_, i) => ({
      provider_repo_id: randomInt(1, 2 ** 31),
      name: `service-${i}`,
      full_name: `asha/service-${i}`,
      html_url: `https://github.com/asha/service-${i}`,
      description: `Payment service number ${i}`,
      languages: { Go: 1000 + i, Shell: 10 },
      topics: ["payments"],
      pushed_at: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
    }));
    await withSql((sql) =>
      sql.begin(async (tx) => {
        await tx`select set_config('role', 'authenticated', true),
                        set_config('request.jwt.claims', ${JSON.stringify({ sub: user.userId, role: "authenticated" })}, true)`;
        await tx`select private.record_repository_sync(${tx.json(repos)}, 'manual', true)`;
      }),
    );

    // Wait until the queue is drained: 40 repo.detected handled.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [queued] = await withSql(
        (sql) => sql<{ n: number }[]>`select count(*)::int as n from pgmq.q_resume_auto_update`,
      );
      const n = queued?.n ?? -1;
      const drafts = await withSql(
        (sql) =>
          sql<{ id: string; pdf_status: string }[]>`
          select id, pdf_status::text from public.resume_versions where resume_id = ${resumeId} and status = 'draft'`,
      );
      if (n === 0 && drafts.length && drafts[0]!.pdf_status === "ready") break;
      if (Date.now() > deadline) assert.fail(`queue ${n}, drafts ${JSON.stringify(drafts)}`);
      await sleep(500);
    }
    const versions = (await callFunction(`${R}/${resumeId}/versions`, { token: user.accessToken })).body as {
      items: { id: string; status: string; generated_from: string; active: boolean }[];
    };
    const drafts = versions.items.filter((v) => v.status === "draft");
    assert.equal(drafts.length, 1, "one draft for 40 repositories");
    assert.equal(drafts[0]!.generated_from, "auto_update");
    const other = (await callFunction(`${R}/${off.id}/versions`, { token: user.accessToken })).body as {
      items: { status: string }[];
    };
    assert.equal(other.items.filter((v) => v.status === "draft").length, 0, "auto-update off: no draft");
    const resume = (await callFunction(`${R}/${resumeId}`, { token: user.accessToken })).body as {
      active_version_id: string;
    };
    assert.equal(resume.active_version_id, built.version_id, "the draft is not live");

    const detail = (
      await callFunction(`${R}/${resumeId}/versions/${drafts[0]!.id}`, { token: user.accessToken })
    ).body as {
      diff: { added: { pointer: string; text: string }[] };
      content: { projects: { name: string }[]; meta: { provenance: Record<string, unknown> } };
    };
    assert.deepEqual(
      detail.content.projects.slice(0, 3).map((p) => p.name),
      ["service-39", "service-38", "service-37"],
    );
    assert.ok(detail.diff.added.some((a) => a.text === "service-39"));
    assert.ok(detail.content.meta.provenance["/projects/0/name"]);

    const events = await withSql(
      (sql) =>
        sql<{ n: number }[]>`select count(*)::int as n from public.event_log
        where event_type = 'resume.draft.created' and payload ->> 'resume_id' = ${resumeId}`,
    );
    assert.equal(events[0]!.n, 1, "announced once");
    // The notifications queue may hold other tests' events first: run batches until ours is handled.
    let titles: string[] = [];
    for (let i = 0; i < 30 && !titles.includes("Resume 'Backend' has an update to review"); i++) {
      await withSql((sql) => sql`select private.run_sql_consumer('notifications')`);
      const notes = await callFunction("notifications/v1/notifications", { token: user.accessToken });
      titles = (notes.body as { items: { title: string }[] }).items.map((n) => n.title);
    }
    assert.ok(titles.includes("Resume 'Backend' has an update to review"), titles.join(" | "));

    const approve = await post(user, `${R}/${resumeId}/versions/${drafts[0]!.id}/activate`, {});
    assert.equal((approve.body as { active_version_id: string }).active_version_id, drafts[0]!.id);
  });
});

describe("runner: importing a resume PDF", () => {
  interface Import {
    id: string;
    status: string;
    entries_count: number | null;
    failure_reason: string | null;
  }
  async function finished(user: TestUser, id: string): Promise<Import> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await callFunction(`${REC}/imports/${id}`, { token: user.accessToken });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const imp = res.body as Import;
      if (imp.status === "done" || imp.status === "failed") return imp;
      if (Date.now() > deadline) assert.fail(`import still ${imp.status}`);
      await sleep(500);
    }
  }
  async function upload(user: TestUser, declared: number, bytes: Uint8Array) {
    const res = await post(user, `${REC}/import`, { size: declared });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const target = res.body as { import_id: string; storage_path: string; token: string };
    const { error } = await user.client.storage
      .from("resumes")
      .uploadToSignedUrl(
        target.storage_path,
        target.token,
        new Blob([bytes as BlobPart], { type: "application/pdf" }),
      );
    return { target, error };
  }

  test("an uploaded PDF becomes pending entries; what the structuring model made up is dropped", async () => {
    const user = await newUser("import");
    await post(user, "integrations/v1/integrations/tokens", {
      provider: "gemini",
      token: fakeGeminiValidKey(randomBytes(6).toString("hex")),
    });
    const pdf = await renderResumePdf(
      {
        basics: { name: "Ravi Kumar", email: "ravi@example.test" },
        work: [
          {
            name: "Initech Systems",
            position: "Platform Engineer",
            startDate: "2018-02",
            endDate: "2021-09",
            highlights: ["Reduced deploy time by 35% with Terraform."],
          },
        ],
        education: [{ institution: "NIT Trichy", studyType: "B.E.", area: "Electronics" }],
        skills: [{ name: "Terraform" }, { name: "Rust" }],
        meta: { provenance: {} },
      },
      { template: "ats" },
    );
    const { target, error } = await upload(user, pdf.byteLength, pdf);
    assert.equal(error, null);
    const imp = await finished(user, target.import_id);
    assert.equal(imp.status, "done", JSON.stringify(imp));
    const record = (await callFunction(REC, { token: user.accessToken })).body as {
      items: { kind: string; status: string; origin: string; data: Record<string, unknown> }[];
      pending: number;
    };
    assert.equal(record.pending, imp.entries_count);
    assert.ok(record.items.every((e) => e.status === "pending" && e.origin === "import"));
    const work = record.items.find((e) => e.kind === "work");
    assert.equal(work?.data.organization, "Initech Systems");
    assert.equal(work?.data.title, "Platform Engineer");
    assert.deepEqual(work?.data.highlights, ["Reduced deploy time by 35% with Terraform."]);
    const skills = record.items.filter((e) => e.kind === "skill").map((e) => e.data.name);
    assert.deepEqual(skills.sort(), ["Rust", "Terraform"]);
    const all = JSON.stringify(record.items);
    assert.ok(!all.includes(IMPORT_INVENTED.skill), "the invented skill was dropped");
    assert.ok(!all.includes(IMPORT_INVENTED.employer), "the invented employer was dropped");
    assert.ok(record.items.some((e) => e.kind === "education" && e.data.institution === "NIT Trichy"));
    // A stranger cannot see the import.
    const stranger = await newUser("import-stranger");
    assert.equal(
      (await callFunction(`${REC}/imports/${target.import_id}`, { token: stranger.accessToken })).status,
      404,
    );
  });

  test("a file larger than declared fails the import; over 5 MiB is refused up front", async () => {
    const user = await newUser("import-big");
    const tooBig = await post(user, `${REC}/import`, { size: 5 * 1024 * 1024 + 1 });
    assert.equal(tooBig.status, 422);
    const { target } = await upload(user, 100, new Uint8Array(4000).fill(37));
    const imp = await finished(user, target.import_id);
    assert.equal(imp.status, "failed");
    assert.match(imp.failure_reason ?? "", /larger than announced/);
  });

  test("a PDF without text, or no Gemini key, fails with a reason the page can show", async () => {
    const user = await newUser("import-nokey");
    const pdf = await renderResumePdf(
      { basics: { name: "No Key" }, skills: [{ name: "Go" }], meta: { provenance: {} } },
      { template: "ats" },
    );
    const { target } = await upload(user, pdf.byteLength, pdf);
    const imp = await finished(user, target.import_id);
    assert.equal(imp.status, "failed");
    assert.match(imp.failure_reason ?? "", /Gemini API key/);
  });
});
