import { assert, assertEquals } from "../test_assert.ts";
import type { ResumeDocument } from "./resume.ts";
import { escapeHtml, resumeHtml } from "./resume-html.ts";
import {
  formatDateRange,
  formatResumeDate,
  outlineLines,
  resumeOutline,
  safeUrl,
  tidyText,
  VIDEO_LINK_TEXT,
} from "./resume-outline.ts";

const doc = (): ResumeDocument => ({
  basics: {
    name: "अर्जुन शर्मा",
    label: "Backend Engineer",
    email: "arjun@example.com",
    summary: "Builds ledgers.\n\tCut costs by ₹18 lakh.",
    location: { city: "Bengaluru", countryCode: "IN" },
    profiles: [{ network: "GitHub", url: "https://github.com/arjun" }, { network: "X", username: "arjun" }],
  },
  work: [{
    name: "Razorpay",
    position: "Engineer",
    startDate: "2021-04",
    highlights: ["Rebuilt settlements.", " "],
  }],
  projects: [{ name: "ledgerline", url: "https://github.com/arjun/ledgerline", keywords: ["Go"] }],
  skills: [{ name: "", keywords: [] }, { name: "Data", keywords: ["PostgreSQL", "Kafka"] }],
  education: [],
  meta: { provenance: {}, videoLinks: { ledgerline: "https://cp.example/v/abc" } },
});

Deno.test("resume outline: sections in the one order, empty ones left out, text tidied", () => {
  const o = resumeOutline(doc());
  assertEquals(o.sections.map((s) => s.heading), ["Summary", "Experience", "Projects", "Skills"]);
  assertEquals(o.sections[0]?.paragraph, "Builds ledgers. Cut costs by ₹18 lakh.");
  assertEquals(o.sections[1]?.entries[0]?.title, "Engineer, Razorpay");
  assertEquals(o.sections[1]?.entries[0]?.dates, "Apr 2021 – Present");
  assertEquals(o.sections[1]?.entries[0]?.bullets, ["Rebuilt settlements."]);
  assertEquals(o.sections[2]?.entries[0]?.links, [
    { text: "github.com/arjun/ledgerline", url: "https://github.com/arjun/ledgerline" },
    { text: VIDEO_LINK_TEXT, url: "https://cp.example/v/abc" },
  ]);
  assertEquals(o.sections[3]?.entries.length, 1, "a skill with no name and no keywords is left out");
  assertEquals(o.contact.map((c) => c.text), [
    "arjun@example.com",
    "Bengaluru, IN",
    "github.com/arjun",
    "X: arjun",
  ]);
  assertEquals(outlineLines(o).slice(0, 4), [
    "अर्जुन शर्मा",
    "Backend Engineer",
    "arjun@example.com | Bengaluru, IN | github.com/arjun | X: arjun",
    "Summary",
  ]);
});

Deno.test("resume outline: dates, links and text rules", () => {
  assertEquals(formatResumeDate("2021"), "2021");
  assertEquals(formatResumeDate("2021-03-14"), "Mar 2021");
  assertEquals(formatResumeDate("spring 2020"), "spring 2020");
  assertEquals(formatDateRange("2019-01", "2020-12"), "Jan 2019 – Dec 2020");
  assertEquals(formatDateRange(undefined, "2020"), "2020");
  assertEquals(formatDateRange(), undefined);
  assertEquals(safeUrl("javascript:alert(1)"), undefined);
  assertEquals(safeUrl("data:text/html,x"), undefined);
  assertEquals(safeUrl("github.com/arjun"), "https://github.com/arjun");
  assertEquals(safeUrl("mailto:a@b.c"), "mailto:a@b.c");
  assertEquals(safeUrl("not a url"), undefined);
  assertEquals(tidyText("  a\u0000\u0007 b \n c  "), "a b c");
  assertEquals(tidyText(" \n "), undefined);
});

Deno.test("resume HTML: escaped, safe links only, both templates", () => {
  const d = doc();
  d.basics.name = `<script>alert("x")</script>`;
  d.projects?.push({ name: "x", url: "javascript:alert(1)", description: "<img src=x onerror=alert(1)>" });
  for (const template of ["ats", "modern"] as const) {
    const html = resumeHtml(d, template);
    assert(!html.includes("<script>"), "no script element");
    assert(!html.includes("<img"), "no injected element");
    assert(!/href="javascript:/i.test(html), "no javascript: link");
    assert(html.includes(escapeHtml(`<script>alert("x")</script>`)));
    assert(html.includes('<a href="https://cp.example/v/abc" rel="noopener noreferrer">Watch intro</a>'));
    assert(html.includes(`<body class="${template}">`));
  }
  assertEquals(escapeHtml(`a&b<c>"d"'e'`), "a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;");
});
