/**
 * A scheduled report email: a short summary of the period's key numbers (applications,
 * responses, interviews, offers, jobs found, skill gaps) with a link to /reports, as HTML and
 * plain text, with the footer every CareerPilot email carries (why you get it, one-click
 * unsubscribe, email settings).
 */
import type { RenderedEmail } from "./render.js";

export interface ReportNumbers {
  applied: number;
  responded: number;
  interview: number;
  offer: number;
  jobs_fetched: number;
  new_jobs: number;
  high_gaps: number;
  top_gaps: string[];
}

export interface ReportEmailInput {
  schedule: "daily" | "weekly";
  /** IST days, inclusive, `YYYY-MM-DD`. */
  periodStart: string;
  periodEnd: string;
  name: string | null;
  numbers: ReportNumbers;
  siteUrl: string;
  unsubscribePage: string;
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

const day = (d: string, year = true) =>
  new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    ...(year ? { year: "numeric" } : {}),
    timeZone: "UTC",
  }).format(new Date(`${d}T00:00:00Z`));

/** "29 Nov 2026" or "23 Nov – 29 Nov 2026". */
export function periodLabel(start: string, end: string): string {
  return start === end ? day(start) : `${day(start, false)} – ${day(end)}`;
}

/** Subject, HTML and text of one report email. */
export function renderReportEmail(m: ReportEmailInput): RenderedEmail {
  const period = periodLabel(m.periodStart, m.periodEnd);
  const which = m.schedule === "daily" ? "daily" : "weekly";
  const subject = `Your CareerPilot ${which} report: ${period}`;
  const link = `${m.siteUrl}/reports`;
  const settings = `${m.siteUrl}/settings`;
  const n = m.numbers;
  const rate = n.applied > 0 ? `${Math.round((100 * n.responded) / n.applied)} %` : "—";
  const lines: [string, string][] = [
    ["Applications sent", String(n.applied)],
    ["Employer responses", `${n.responded} (${rate})`],
    ["Interviews", String(n.interview)],
    ["Offers", String(n.offer)],
    ["New jobs found", String(n.jobs_fetched)],
    ["Jobs waiting for your review", String(n.new_jobs)],
    ["High-severity skill gaps", String(n.high_gaps)],
  ];
  const gaps = n.top_gaps.length ? `Skills your matching jobs ask for most: ${n.top_gaps.join(", ")}.` : null;
  const hello = m.name ? `Hi ${m.name},` : "Hi,";
  const html = `<!doctype html>
<html lang="en"><body style="margin:0;padding:24px;background:#f4f4f5;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#18181b">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:520px;margin:0 auto;background:#ffffff;border-radius:12px;padding:32px">
<tr><td>
<p style="margin:0 0 24px;font-size:18px;font-weight:600;color:#4f46e5">CareerPilot</p>
<h1 style="margin:0 0 8px;font-size:20px;line-height:1.3">Your ${which} report</h1>
<p style="margin:0 0 20px;color:#52525b">${escapeHtml(hello)} here is ${escapeHtml(period)} (IST).</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 20px;border-collapse:collapse">
${lines
  .map(
    ([k, v]) =>
      `<tr><td style="padding:8px 0;border-bottom:1px solid #e4e4e7">${escapeHtml(k)}</td><td style="padding:8px 0;border-bottom:1px solid #e4e4e7;text-align:right;font-weight:600">${escapeHtml(v)}</td></tr>`,
  )
  .join("\n")}
</table>
${gaps ? `<p style="margin:0 0 24px;line-height:1.5">${escapeHtml(gaps)}</p>` : ""}
<p style="margin:0 0 32px"><a href="${escapeHtml(link)}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:8px;font-weight:600">Open your reports</a></p>
<p style="margin:0;font-size:12px;line-height:1.6;color:#71717a">You get this email because ${which} report emails are on for your CareerPilot account.
<a href="${escapeHtml(m.unsubscribePage)}" style="color:#71717a">Unsubscribe from report emails</a> · <a href="${escapeHtml(settings)}" style="color:#71717a">Email settings</a></p>
</td></tr></table></body></html>`;
  const text = [
    `Your ${which} report: ${period} (IST)`,
    "",
    hello,
    "",
    ...lines.map(([k, v]) => `${k}: ${v}`),
    ...(gaps ? ["", gaps] : []),
    "",
    `Open your reports: ${link}`,
    "",
    "--",
    `You get this email because ${which} report emails are on for your CareerPilot account.`,
    `Unsubscribe from report emails: ${m.unsubscribePage}`,
    `Email settings: ${settings}`,
  ].join("\n");
  return { subject, html, text };
}
