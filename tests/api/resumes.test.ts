/**
 * Resume & Documents stack through the running stack: the career record, resumes and the limit,
 * builds with Gemini (the loopback fake, real `@google/genai` in the function) through the
 * no-fabrication guard — including a fake that lies in every field — versions, diffs, drafts, the
 * ATS score and downloads, and user isolation on every route.
 *
 * No runner here: resume.version.created waits in its queue, so PDFs stay pending (the runner's
 * render is tested by runner-resumes.test.ts).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, describe, test } from "node:test";
import { FAKE_GEMINI_FABRICATE_KEY, fakeGeminiValidKey } from "../fakes/gemini.js";
import { FABRICATED_FACTS } from "../fakes/gemini-resume.js";
import { callFunction, newUser, saveToken, type TestUser, withSql } from "../support/env.js";

const R = "resumes/v1/resumes";
const REC = "resumes/v1/career-record";

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
const errorOf = (body: unknown) => (body as ErrorBody).error;

interface Resume {
  id: string;
  name: string;
  role_type: string;
  template: string;
  auto_tailor_enabled: boolean;
  active_version_id: string | null;
  version_count: number;
  draft_count: number;
}
interface Rejected {
  pointer: string;
  text: string;
  sources: string[];
  reason: string;
  facts: string[];
  message: string;
}
interface Built {
  version_id: string;
  number: number;
  preview_html: string;
  content: {
    basics: Record<string, unknown>;
    work?: unknown[];
    meta: { provenance: Record<string, { kind: string; id: string }[]> };
  };
  rejected_claims: Rejected[];
  pdf_status: string;
}

async function saveGeminiKey(user: TestUser, key: string): Promise<void> {
  await saveToken(user, "gemini", key);
}

async function addEntry(user: TestUser, kind: string, data: Record<string, unknown>): Promise<string> {
  const res = await callFunction(REC, { method: "POST", token: user.accessToken, body: { kind, data } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return (res.body as { id: string }).id;
}

async function createResume(user: TestUser, name = "Backend", template = "ats"): Promise<Resume> {
  const res = await callFunction(R, {
    method: "POST",
    token: user.accessToken,
    body: { name, role_type: "Backend engineer", template },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as Resume;
}

/** A user with a record: one job, one degree, skills, an achievement and a link. */
async function userWithRecord(prefix: string, key?: string) {
  const user = await newUser(prefix);
  const work = await addEntry(user, "work", {
    organization: "Acme Payments",
    title: "Senior Backend Engineer",
    location: "Bengaluru",
    start_date: "2019-04",
    end_date: "2023-06",
    highlights: [
      "Cut p95 latency of the ledger API by 40% with PostgreSQL partitioning.",
      "Mentored 3 engineers.",
    ],
  });
  await addEntry(user, "education", {
    institution: "IIT Madras",
    area: "Computer Science",
    study_type: "B.Tech",
    start_date: "2015",
    end_date: "2019",
  });
  for (const name of ["PostgreSQL", "TypeScript", "Kafka", "Go", "Docker", "Redis", "Terraform", "GraphQL"]) {
    await addEntry(user, "skill", { name, keywords: [] });
  }
  await addEntry(user, "achievement", { title: "Hackathon winner", awarder: "Razorpay", date: "2022-08" });
  await addEntry(user, "link", { url: "https://example.dev/portfolio", network: "Portfolio" });
  if (key) await saveGeminiKey(user, key);
  return { user, work };
}

async function build(user: TestUser, id: string, body: Record<string, unknown> = { mode: "ai" }) {
  return callFunction(`${R}/${id}/build`, { method: "POST", token: user.accessToken, body });
}

describe("resumes: authentication", () => {
  test("every route refuses a request without a token", async () => {
    const id = "00000000-0000-4000-8000-000000000001";
    for (const [method, path] of [
      ["GET", R],
      ["POST", R],
      ["GET", `${R}/${id}`],
      ["DELETE", `${R}/${id}`],
      ["PUT", `${R}/${id}/auto-tailor`],
      ["POST", `${R}/${id}/build`],
      ["GET", `${R}/${id}/versions`],
      ["POST", `${R}/${id}/ats`],
      ["GET", `${R}/${id}/download`],
      ["GET", REC],
      ["POST", REC],
    ] as const) {
      const res = await callFunction(path, { method, token: null, body: method === "GET" ? undefined : {} });
      assert.equal(res.status, 401, `${method} ${path}`);
    }
  });
});

describe("resumes: the career record", () => {
  test("add, list, edit, confirm and delete entries; bad fields are 422 and change nothing", async () => {
    const user = await newUser("rec");
    const id = await addEntry(user, "work", {
      organization: "Acme",
      title: "Engineer",
      start_date: "2020-01",
    });
    const bad = await callFunction(REC, {
      method: "POST",
      token: user.accessToken,
      body: { kind: "work", data: { organization: "Acme", start_date: "January" } },
    });
    assert.equal(bad.status, 422);
    const wrongKind = await callFunction(REC, {
      method: "POST",
      token: user.accessToken,
      body: { kind: "hobby", data: { name: "x" } },
    });
    assert.equal(wrongKind.status, 422);
    const patched = await callFunction(`${REC}/${id}`, {
      method: "PATCH",
      token: user.accessToken,
      body: { data: { organization: "Acme Corp", title: "Engineer", highlights: ["Built it."] } },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const badPatch = await callFunction(`${REC}/${id}`, {
      method: "PATCH",
      token: user.accessToken,
      body: { data: { title: "no organization" } },
    });
    assert.equal(badPatch.status, 422);
    const list = await callFunction(REC, { token: user.accessToken });
    const items = (list.body as { items: { id: string; data: { organization: string }; status: string }[] })
      .items;
    assert.equal(items.length, 1);
    assert.equal(items[0]!.data.organization, "Acme Corp");
    assert.equal(items[0]!.status, "confirmed");
    assert.equal(
      (await callFunction(`${REC}/${id}`, { method: "DELETE", token: user.accessToken })).status,
      204,
    );
    assert.equal(
      (await callFunction(`${REC}/${id}`, { method: "DELETE", token: user.accessToken })).status,
      404,
    );
  });

  test("a stranger can neither read, edit, confirm nor delete someone's entries", async () => {
    const owner = await newUser("rec-owner");
    const stranger = await newUser("rec-stranger");
    const id = await addEntry(owner, "skill", { name: "Rust" });
    assert.deepEqual((await callFunction(REC, { token: stranger.accessToken })).body, {
      items: [],
      pending: 0,
    });
    const edit = await callFunction(`${REC}/${id}`, {
      method: "PATCH",
      token: stranger.accessToken,
      body: { data: { name: "Stolen" }, status: "confirmed" },
    });
    assert.equal(edit.status, 404);
    assert.equal(
      (await callFunction(`${REC}/${id}`, { method: "DELETE", token: stranger.accessToken })).status,
      404,
    );
    const mine = (await callFunction(REC, { token: owner.accessToken })).body as {
      items: { data: { name: string } }[];
    };
    assert.equal(mine.items[0]!.data.name, "Rust");
  });
});

describe("resumes: list, create, limit", () => {
  test("the list says n of the limit; the 11th resume is 409 resume_limit_reached and not created", async () => {
    const user = await newUser("limit");
    for (let i = 1; i <= 10; i++) await createResume(user, `Resume ${i}`);
    const eleventh = await callFunction(R, {
      method: "POST",
      token: user.accessToken,
      body: { name: "Eleventh", role_type: "Engineer" },
    });
    assert.equal(eleventh.status, 409);
    assert.equal(errorOf(eleventh.body).code, "resume_limit_reached");
    assert.match(errorOf(eleventh.body).message, /10 of 10/);
    const list = (await callFunction(R, { token: user.accessToken })).body as {
      count: number;
      limit: number;
    };
    assert.deepEqual([list.count, list.limit], [10, 10]);
  });

  test("rename, template and auto-tailor; delete; a stranger gets 404 everywhere", async () => {
    const owner = await newUser("res-owner");
    const stranger = await newUser("res-stranger");
    const r = await createResume(owner);
    const patched = await callFunction(`${R}/${r.id}`, {
      method: "PATCH",
      token: owner.accessToken,
      body: { name: "Platform", template: "modern" },
    });
    assert.equal(patched.status, 200);
    assert.equal((patched.body as Resume).template, "modern");
    const at = await callFunction(`${R}/${r.id}/auto-tailor`, {
      method: "PUT",
      token: owner.accessToken,
      body: { enabled: true },
    });
    assert.deepEqual(at.body, { enabled: true });
    for (const [method, path, body] of [
      ["GET", `${R}/${r.id}`, undefined],
      ["PATCH", `${R}/${r.id}`, { name: "x" }],
      ["PUT", `${R}/${r.id}/auto-tailor`, { enabled: false }],
      ["POST", `${R}/${r.id}/build`, { mode: "ai" }],
      ["GET", `${R}/${r.id}/versions`, undefined],
      ["POST", `${R}/${r.id}/ats`, { job_description: "A backend engineer with PostgreSQL and Kafka." }],
      ["GET", `${R}/${r.id}/download`, undefined],
      ["DELETE", `${R}/${r.id}`, undefined],
    ] as const) {
      const res = await callFunction(path, { method, token: stranger.accessToken, body });
      assert.equal(res.status, 404, `${method} ${path}: ${JSON.stringify(res.body)}`);
    }
    const still = (await callFunction(`${R}/${r.id}`, { token: owner.accessToken })).body as Resume;
    assert.equal(still.name, "Platform");
    assert.equal(still.auto_tailor_enabled, true);
    assert.equal(
      (await callFunction(`${R}/${r.id}`, { method: "DELETE", token: owner.accessToken })).status,
      204,
    );
    assert.equal((await callFunction(`${R}/${r.id}`, { token: owner.accessToken })).status, 404);
  });

  test("bad input is 422 with a code, never 500", async () => {
    const user = await newUser("res-bad");
    for (const body of [
      {},
      { name: "", role_type: "x" },
      { name: "a".repeat(81), role_type: "x" },
      { name: "x", role_type: "y", template: "fancy" },
      { name: "x\u0000", role_type: "y" },
      { name: "x", role_type: "y", user_id: "00000000-0000-4000-8000-000000000000" },
    ]) {
      const res = await callFunction(R, { method: "POST", token: user.accessToken, body });
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(errorOf(res.body).code, "validation_failed");
    }
    const r = await createResume(user);
    const res = await build(user, r.id, { mode: "manual" });
    assert.equal(res.status, 422);
  });
});

describe("resumes: building through the no-fabrication guard", () => {
  let owner: Awaited<ReturnType<typeof userWithRecord>>;
  let resume: Resume;
  before(async () => {
    owner = await userWithRecord("build", fakeGeminiValidKey(randomBytes(6).toString("hex")));
    resume = await createResume(owner.user);
  });

  test("without a Gemini key: 409 gemini_key_missing, nothing built", async () => {
    const user = await newUser("nokey");
    const r = await createResume(user);
    const res = await build(user, r.id);
    assert.equal(res.status, 409);
    assert.equal(errorOf(res.body).code, "gemini_key_missing");
    assert.equal(
      (
        (await callFunction(`${R}/${r.id}/versions`, { token: user.accessToken })).body as {
          items: unknown[];
        }
      ).items.length,
      0,
    );
  });

  test("a grounded build publishes every claim with its sources, activates it and queues the PDF", async () => {
    const res = await build(owner.user, resume.id);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const b = res.body as Built;
    assert.deepEqual(b.rejected_claims, []);
    assert.equal(b.number, 1);
    assert.equal(b.pdf_status, "pending");
    const work = b.content.work as { name: string; position: string; highlights: string[] }[];
    assert.equal(work[0]!.name, "Acme Payments");
    assert.equal(work[0]!.position, "Senior Backend Engineer");
    assert.deepEqual(b.content.meta.provenance["/work/0/name"], [{ kind: "record", id: owner.work }]);
    assert.deepEqual(b.content.meta.provenance["/work/0/highlights/0"], [{ kind: "record", id: owner.work }]);
    assert.match(b.preview_html, /Acme Payments/);
    // Every published string outside basics' contact details has provenance.
    const pointers = Object.keys(b.content.meta.provenance);
    assert.ok(pointers.includes("/basics/summary"), pointers.join(","));
    const resumeNow = (await callFunction(`${R}/${resume.id}`, { token: owner.user.accessToken }))
      .body as Resume;
    assert.equal(resumeNow.active_version_id, b.version_id);
    const events = await withSql(
      (sql) =>
        sql`select payload from public.event_log where event_type = 'resume.version.created' and payload ->> 'version_id' = ${b.version_id}`,
    );
    assert.equal(events.length, 1);
  });

  test("a Gemini that fabricates in every field gets nothing into the resume; each lie is listed with its reason", async () => {
    const { user } = await userWithRecord("liar", FAKE_GEMINI_FABRICATE_KEY);
    const r = await createResume(user);
    const res = await build(user, r.id);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const b = res.body as Built;
    const stored = await withSql(
      (sql) =>
        sql<{ content_json: unknown; rejected_claims: Rejected[] }[]>`
        select content_json, rejected_claims from public.resume_versions where id = ${b.version_id}`,
    );
    const published = JSON.stringify(stored[0]!.content_json);
    for (const fact of FABRICATED_FACTS) {
      assert.ok(!published.includes(fact), `fabricated '${fact}' reached content_json`);
      assert.ok(!b.preview_html.includes(fact), `fabricated '${fact}' reached the preview`);
    }
    // Grounded parts survive the liar.
    assert.ok(published.includes("Acme Payments"));
    assert.ok(published.includes("IIT Madras"));
    const rejected = stored[0]!.rejected_claims;
    const rejectedText = rejected.map((x) => x.text).join("\n");
    for (const fact of [
      "Quantexa Dynamics",
      "Principal Architect",
      "2011-02",
      "Zorblax",
      "Stanbridge University",
      "Turing Medal",
    ]) {
      assert.ok(rejectedText.includes(fact), `'${fact}' missing from rejected_claims`);
    }
    const reasons = new Set(rejected.map((x) => x.reason));
    for (const reason of ["unsupported_facts", "unknown_source", "no_sources", "entry_rejected"]) {
      assert.ok(reasons.has(reason), `no rejection with reason ${reason}`);
    }
    const google = rejected.find((x) => x.text.includes("Google"));
    assert.match(google!.message, /not in your record/);
  });

  test("imported entries are not sources until confirmed", async () => {
    const { user } = await userWithRecord("pending", fakeGeminiValidKey(randomBytes(6).toString("hex")));
    const [entry] = await withSql(
      (sql) =>
        sql<{ id: string }[]>`
        insert into public.career_entries (user_id, kind, status, origin, data)
        values (${user.userId}, 'work', 'pending', 'import', ${sql.json({ organization: "Pendingcorp", title: "Engineer" })})
        returning id`,
    );
    const r = await createResume(user);
    const first = (await build(user, r.id)).body as Built;
    assert.ok(!JSON.stringify(first.content).includes("Pendingcorp"));
    const confirm = await callFunction(`${REC}/${entry?.id}`, {
      method: "PATCH",
      token: user.accessToken,
      body: { status: "confirmed" },
    });
    assert.equal(confirm.status, 200);
    const second = (await build(user, r.id)).body as Built;
    assert.ok(JSON.stringify(second.content).includes("Pendingcorp"));
  });

  test("verified certificates are sources; pending, rejected and government IDs are not", async () => {
    const { user } = await userWithRecord("certs", fakeGeminiValidKey(randomBytes(6).toString("hex")));
    const certificate = (title: string, documentType: string, status: string) =>
      withSql(
        (sql) => sql`
        insert into public.certificates
          (user_id, document_type, title, issuer, storage_path, content_type, size_bytes, ocr_status,
           status, rejection_notes, reviewed_at, uploaded_at)
        values (${user.userId}, ${documentType}::public.certificate_document_type, ${title}, 'Linux Foundation',
                ${`${user.userId}/${randomBytes(6).toString("hex")}.pdf`}, 'application/pdf', 1000, 'extracted',
                ${status}::public.certificate_status, ${status === "rejected" ? "blurred" : null},
                ${status === "pending" ? null : new Date()}, now())`,
      );
    await certificate("Certified Kubernetes Administrator", "professional", "verified");
    await certificate("Pending Cloud Practitioner", "course", "pending");
    await certificate("Rejected Scrum Master", "course", "rejected");
    await certificate("Aadhaar card", "government_id", "verified");
    try {
      const r = await createResume(user);
      const built = (await build(user, r.id)).body as Built;
      const content = JSON.stringify(built.content);
      assert.match(content, /Certified Kubernetes Administrator/);
      for (const absent of ["Pending Cloud Practitioner", "Rejected Scrum Master", "Aadhaar card"]) {
        assert.ok(!content.includes(absent), `${absent} is not a source`);
      }
    } finally {
      // These rows have no file behind them: keep them out of the admins' review queue other suites read.
      await withSql((sql) => sql`delete from public.certificates where user_id = ${user.userId}`);
    }
  });

  test("versions: list, diff against the previous one, activate, and only drafts can be discarded", async () => {
    const second = (await build(owner.user, resume.id, { mode: "ai", tailor_for_role: "Data engineer" }))
      .body as Built;
    const list = (await callFunction(`${R}/${resume.id}/versions`, { token: owner.user.accessToken }))
      .body as {
      items: { id: string; number: number; active: boolean }[];
    };
    assert.deepEqual(
      list.items.map((v) => v.number),
      [2, 1],
    );
    const first = list.items.find((v) => v.number === 1)!;
    const detail = await callFunction(`${R}/${resume.id}/versions/${first.id}`, {
      token: owner.user.accessToken,
    });
    assert.equal(detail.status, 200);
    assert.equal((detail.body as { compared_with: number | null }).compared_with, null);
    assert.ok(
      (detail.body as { diff: { added: unknown[] } }).diff.added.length > 0,
      "the first version is all added",
    );
    const activate = await callFunction(`${R}/${resume.id}/versions/${first.id}/activate`, {
      method: "POST",
      token: owner.user.accessToken,
    });
    assert.equal((activate.body as Resume).active_version_id, first.id);
    const del = await callFunction(`${R}/${resume.id}/versions/${second.version_id}`, {
      method: "DELETE",
      token: owner.user.accessToken,
    });
    assert.equal(del.status, 409);

    // An auto-update draft (as the runner makes it): diffed against the active one, discardable.
    const draftId = await withSql(async (sql) => {
      const [row] = await sql<{ id: string }[]>`
        select private.add_resume_draft(${resume.id}::uuid,
          jsonb_set(content_json, '{basics,label}', '"Backend Engineer (draft)"'), '[]', '{}') as id
          from public.resume_versions where id = ${first.id}`;
      return row!.id;
    });
    const draft = (
      await callFunction(`${R}/${resume.id}/versions/${draftId}`, { token: owner.user.accessToken })
    ).body as {
      status: string;
      compared_with: number;
      diff: { changed: { pointer: string; after: string }[] };
    };
    assert.equal(draft.status, "draft");
    assert.equal(draft.compared_with, 1);
    assert.deepEqual(
      draft.diff.changed.map((c) => c.pointer),
      ["/basics/label"],
    );
    const stranger = await newUser("ver-stranger");
    assert.equal(
      (
        await callFunction(`${R}/${resume.id}/versions/${draftId}`, {
          method: "DELETE",
          token: stranger.accessToken,
        })
      ).status,
      404,
    );
    assert.equal(
      (
        await callFunction(`${R}/${resume.id}/versions/${draftId}/activate`, {
          method: "POST",
          token: stranger.accessToken,
        })
      ).status,
      404,
    );
    assert.equal(
      (
        await callFunction(`${R}/${resume.id}/versions/${draftId}`, {
          method: "DELETE",
          token: owner.user.accessToken,
        })
      ).status,
      204,
    );
  });

  test("download: 409 resume_pdf_not_ready while the PDF renders", async () => {
    const res = await callFunction(`${R}/${resume.id}/download`, { token: owner.user.accessToken });
    assert.equal(res.status, 409);
    assert.equal(errorOf(res.body).code, "resume_pdf_not_ready");
    assert.equal(errorOf(res.body).details?.pdf_status, "pending");
    const none = await createResume(owner.user, "Empty");
    assert.equal(
      (await callFunction(`${R}/${none.id}/download`, { token: owner.user.accessToken })).status,
      404,
    );
  });

  test("ATS: score, breakdown and gaps; tailoring raises the score without unsupported claims", async () => {
    const jd =
      "We are hiring a Backend Engineer to build payment services in Go and Kafka, with Redis caching, " +
      "Terraform on AWS, GraphQL APIs and Kubernetes. Experience with PostgreSQL required. Go and Kafka daily.";
    const r = await createResume(owner.user, "Tailored");
    const plain = (await build(owner.user, r.id)).body as Built;
    const before = (
      await callFunction(`${R}/${r.id}/ats`, {
        method: "POST",
        token: owner.user.accessToken,
        body: { job_description: jd, version_id: plain.version_id },
      })
    ).body as {
      score: number;
      breakdown: Record<string, number>;
      missing_keywords: { keyword: string; in_sources: boolean }[];
    };
    assert.ok(before.score >= 0 && before.score <= 100);
    const gap = before.missing_keywords.find((k) => k.keyword === "Kubernetes");
    assert.deepEqual(
      gap,
      { keyword: "Kubernetes", in_sources: false },
      "Kubernetes is a gap, not a suggestion",
    );
    assert.ok(
      before.missing_keywords.some((k) => k.in_sources),
      "some missing keywords are supported by the sources",
    );

    const tailored = (await build(owner.user, r.id, { mode: "ai", job_description: jd })).body as Built;
    assert.deepEqual(tailored.rejected_claims, []);
    const after = (
      await callFunction(`${R}/${r.id}/ats`, {
        method: "POST",
        token: owner.user.accessToken,
        body: { job_description: jd },
      })
    ).body as { score: number; missing_keywords: { keyword: string }[] };
    assert.ok(after.score > before.score, `tailored ${after.score} > untailored ${before.score}`);
    assert.ok(
      after.missing_keywords.some((k) => k.keyword === "Kubernetes"),
      "still not claimed",
    );
    const bad = await callFunction(`${R}/${r.id}/ats`, {
      method: "POST",
      token: owner.user.accessToken,
      body: { job_description: "short" },
    });
    assert.equal(bad.status, 422);
  });
});
