import { assert, assertEquals } from "../_shared/test_assert.ts";
import {
  companyKey,
  normaliseJob,
  parseExperience,
  parseLocations,
  parsePostedAt,
  parseSalary,
  salaryTextFromRange,
  titleKey,
} from "./normalise.ts";

Deno.test("salary: every form Indian portals print becomes lakhs per annum", () => {
  const cases: [string, number | null, number | null][] = [
    ["₹ 12-18 Lacs P.A.", 12, 18],
    ["12-16 Lacs P.A.", 12, 16],
    ["8-18 Lacs PA", 8, 18],
    ["12 LPA", 12, 12],
    ["12.5 LPA", 12.5, 12.5],
    ["10-15 LPA", 10, 15],
    ["₹8,00,000 - ₹12,00,000 a year", 8, 12],
    ["20,00,000 - 35,00,000 PA.", 20, 35],
    ["15,00,000 - 30,00,000 PA.", 15, 30],
    ["₹75,000 a month", 9, 9],
    ["₹50,000 - ₹70,000 a month", 6, 8.4],
    ["15000/month", 1.8, 1.8],
    ["Rs. 40000 per month", 4.8, 4.8],
    ["40K - 60K per month", 4.8, 7.2],
    ["₹40k/month", 4.8, 4.8],
    ["1.2 Cr", 120, 120],
    ["1-1.5 Cr", 100, 150],
    ["₹10L - ₹15L", 10, 15],
    ["INR 6-9 Lakhs", 6, 9],
    ["3.5 - 5 Lakhs", 3.5, 5],
    ["5 Lakh", 5, 5],
    ["INR 6,00,000 - 9,00,000 /year", 6, 9],
    ["₹ 5,00,000 - 7,00,000 P.A.", 5, 7],
    ["₹500 an hour", 10.4, 10.4],
    ["₹1,200 a day", 3.12, 3.12],
    ["Up to 20 LPA", null, 20],
    ["Upto ₹25,00,000 a year", null, 25],
    ["From ₹6,00,000 a year", 6, null],
    ["Not disclosed", null, null],
    ["Not Disclosed", null, null],
    ["Competitive", null, null],
    ["As per industry standards", null, null],
    ["Best in industry", null, null],
    ["$120,000 a year", null, null],
    ["", null, null],
    ["abc", null, null],
  ];
  for (const [text, lo, hi] of cases) {
    assertEquals(parseSalary(text), { lpa_min: lo, lpa_max: hi }, text);
  }
  assertEquals(parseSalary(null), { lpa_min: null, lpa_max: null });
});

Deno.test("salary: numeric ranges (Indeed, Naukri salaryDetail) print as portals do and parse back", () => {
  assertEquals(salaryTextFromRange(800000, 1200000, "YEAR"), "₹8,00,000 - ₹12,00,000 a year");
  assertEquals(salaryTextFromRange(75000, 75000, "MONTH"), "₹75,000 a month");
  assertEquals(parseSalary(salaryTextFromRange(800000, 1200000, "YEAR")), { lpa_min: 8, lpa_max: 12 });
  assertEquals(salaryTextFromRange(null, null, "YEAR"), null);
});

Deno.test("experience: bands from Yrs ranges, open bands, fresher and seniority labels", () => {
  const cases: [string, number | null, number | null][] = [
    ["3-5 Yrs", 3, 5],
    ["2-7 Yrs", 2, 7],
    ["5-10 Yrs", 5, 10],
    ["0-1 Yrs", 0, 1],
    ["2 to 4 years", 2, 4],
    ["5+ years", 5, null],
    ["10+ Yrs", 10, null],
    ["Minimum 3 years", 3, null],
    ["At least 2 years of experience", 2, null],
    ["3 years", 3, 3],
    ["6 months", 0.5, 0.5],
    ["Up to 2 years", 0, 2],
    ["Fresher", 0, 1],
    ["Freshers can apply", 0, 1],
    ["Entry level", 0, 1],
    ["Internship", 0, 1],
    ["Associate", 1, 4],
    ["Mid-Senior level", 4, 10],
    ["Director", 12, null],
    ["", null, null],
    ["Not mentioned", null, null],
  ];
  for (const [text, lo, hi] of cases) assertEquals(parseExperience(text), { exp_min: lo, exp_max: hi }, text);
});

Deno.test("locations: aliases, several cities in one field, remote and hybrid", () => {
  const cases: [string, string[], string | null][] = [
    ["Bangalore/Bengaluru", ["Bengaluru"], "onsite"],
    ["Bengaluru", ["Bengaluru"], "onsite"],
    ["Bangalore", ["Bengaluru"], "onsite"],
    ["Hyderabad/Secunderabad, Bangalore/Bengaluru", ["Hyderabad", "Bengaluru"], "onsite"],
    ["Bangalore/Bengaluru, Delhi / NCR, Mumbai (All Areas)", ["Bengaluru", "Delhi NCR", "Mumbai"], "onsite"],
    ["Hybrid - Pune, Bengaluru", ["Pune", "Bengaluru"], "hybrid"],
    ["Hybrid - Pune", ["Pune"], "hybrid"],
    ["Remote", ["Remote"], "remote"],
    ["Work from home", ["Remote"], "remote"],
    ["Bengaluru, Karnataka, India", ["Bengaluru"], "onsite"],
    ["Chennai, Tamil Nadu, India", ["Chennai"], "onsite"],
    ["Gurgaon, Haryana", ["Gurugram"], "onsite"],
    ["Gurugram", ["Gurugram"], "onsite"],
    ["Bombay", ["Mumbai"], "onsite"],
    ["Navi Mumbai, Maharashtra", ["Mumbai"], "onsite"],
    ["New Delhi", ["Delhi"], "onsite"],
    ["Noida, Uttar Pradesh, India", ["Noida"], "onsite"],
    ["Kolkata / Calcutta", ["Kolkata"], "onsite"],
    ["Cochin/ Kochi/ Ernakulam", ["Kochi"], "onsite"],
    ["Trivandrum", ["Thiruvananthapuram"], "onsite"],
    ["Pune, Maharashtra, India (Remote)", ["Pune"], "remote"],
    ["Mumbai | Pune | Remote", ["Mumbai", "Pune"], "remote"],
    ["India", [], null],
    ["", [], null],
  ];
  for (const [text, cities, mode] of cases) {
    assertEquals(parseLocations(text), { locations: cities, work_mode: mode }, text);
  }
  assertEquals(parseLocations("Bengaluru", "Remote"), { locations: ["Bengaluru"], work_mode: "remote" });
  assertEquals(parseLocations(null, "remote"), { locations: ["Remote"], work_mode: "remote" });
});

Deno.test("posted dates: relative labels resolve against the fetch time", () => {
  const now = new Date("2026-11-30T06:00:00Z");
  const day = 86_400_000;
  const cases: [string | number, number | null][] = [
    ["Just now", 0],
    ["Just Now", 0],
    ["Today", 0],
    ["Few Hours Ago", 0],
    ["2 hours ago", 2 * 3_600_000],
    ["1 Day Ago", day],
    ["2 Days Ago", 2 * day],
    ["3 days ago", 3 * day],
    ["30+ days ago", 30 * day],
    ["30+ Days Ago", 30 * day],
    ["1 week ago", 7 * day],
    ["2 weeks ago", 14 * day],
    ["1 month ago", 30 * day],
    ["Yesterday", day],
    ["Posted 5 days ago", 5 * day],
    ["Active 2 days ago", 2 * day],
    ["a day ago", day],
    ["an hour ago", 3_600_000],
  ];
  for (const [text, ago] of cases) {
    assertEquals(parsePostedAt(text, now)?.getTime(), now.getTime() - ago!, String(text));
  }
  assertEquals(parsePostedAt("2026-11-28", now)?.toISOString(), "2026-11-28T00:00:00.000Z");
  assertEquals(parsePostedAt(1764300000000, now)?.getTime(), 1764300000000);
  assertEquals(parsePostedAt("1764300000000", now)?.getTime(), 1764300000000);
  assertEquals(parsePostedAt("sometime", now), null);
  assertEquals(parsePostedAt("2030-01-01", now)?.getTime(), new Date("2030-01-01T00:00:00Z").getTime());
  assertEquals(parsePostedAt(null, now), null);
});

Deno.test("dedup keys: the same company and title written differently give the same key", () => {
  assertEquals(companyKey("Infosys Ltd"), companyKey("Infosys Limited"));
  assertEquals(companyKey("Tata Consultancy Services Pvt. Ltd."), "tata consultancy services");
  assertEquals(companyKey("Flipkart India Private Limited"), "flipkart");
  assertEquals(companyKey("Larsen & Toubro Infotech"), "larsen and toubro infotech");
  assertEquals(titleKey("Sr. Software Engineer"), titleKey("Senior Software Engineer"));
  assertEquals(titleKey("SDE II"), "software development engineer 2");
  assertEquals(titleKey("Front-End Developer"), titleKey("Frontend Developer"));
  assertEquals(titleKey("Full Stack Engineer (React/Node)"), "fullstack engineer");
  assert(titleKey("Data Analyst") !== titleKey("Data Scientist"));
});

Deno.test("a whole job: raw text kept beside the normalised values; HTML stripped", () => {
  const now = new Date("2026-11-30T06:00:00Z");
  const job = normaliseJob({
    external_job_id: " 170521003351 ",
    title: "Sr. React Developer",
    company: "Infosys Ltd",
    location: "Hybrid - Pune, Bengaluru",
    salary_text: "₹ 12-18 Lacs P.A.",
    experience_text: "3-5 Yrs",
    description: "<p>Build <b>React</b> apps &amp; APIs.</p><ul><li>TypeScript</li></ul>",
    skills: ["React.js,Redux", "TypeScript", "react.js"],
    job_url: "https://www.naukri.com/job-listings-sr-react-developer-170521003351",
    posted_at: "3 days ago",
  }, now);
  assertEquals(job.external_job_id, "170521003351");
  assertEquals([job.lpa_min, job.lpa_max, job.salary_text], [12, 18, "₹ 12-18 Lacs P.A."]);
  assertEquals([job.exp_min, job.exp_max, job.experience_text], [3, 5, "3-5 Yrs"]);
  assertEquals([job.locations, job.work_mode, job.location], [
    ["Pune", "Bengaluru"],
    "hybrid",
    "Hybrid - Pune, Bengaluru",
  ]);
  assertEquals(job.posted_text, "3 days ago");
  assertEquals(job.posted_at, "2026-11-27T06:00:00.000Z");
  assertEquals(job.skills, ["React.js", "Redux", "TypeScript"]);
  assertEquals(job.description, "Build React apps & APIs.\n• TypeScript");
  assertEquals([job.norm_company, job.norm_title], ["infosys", "senior react developer"]);
});
