/**
 * A notification email: the same title, body and deep link as the in-app notification, as HTML
 * and plain text, with the footer every CareerPilot email carries (why you get it, one-click
 * unsubscribe from this kind of email, where to change email settings).
 */

export interface NotificationEmailInput {
  title: string;
  body: string | null;
  /** A path on the web app (`/settings#github`), or null. */
  linkPath: string | null;
  siteUrl: string;
  /** The web page that unsubscribes from this notification type (confirmed there). */
  unsubscribePage: string;
  /** What this kind of email is about, in words ("GitHub access problems"). */
  typeLabel: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

/** Subject, HTML and text of one notification email. */
export function renderNotificationEmail(m: NotificationEmailInput): RenderedEmail {
  const link = m.linkPath ? `${m.siteUrl}${m.linkPath}` : `${m.siteUrl}/notifications`;
  const settings = `${m.siteUrl}/settings`;
  const html = `<!doctype html>
<html lang="en"><body style="margin:0;padding:24px;background:#f4f4f5;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#18181b">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:520px;margin:0 auto;background:#ffffff;border-radius:12px;padding:32px">
<tr><td>
<p style="margin:0 0 24px;font-size:18px;font-weight:600;color:#4f46e5">CareerPilot</p>
<h1 style="margin:0 0 12px;font-size:20px;line-height:1.3">${escapeHtml(m.title)}</h1>
${m.body ? `<p style="margin:0 0 24px;line-height:1.5">${escapeHtml(m.body)}</p>` : ""}
<p style="margin:0 0 32px"><a href="${escapeHtml(link)}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:8px;font-weight:600">Open CareerPilot</a></p>
<p style="margin:0;font-size:12px;line-height:1.6;color:#71717a">You get this email because email notifications about ${escapeHtml(m.typeLabel)} are on for your CareerPilot account.
<a href="${escapeHtml(m.unsubscribePage)}" style="color:#71717a">Unsubscribe from these emails</a> · <a href="${escapeHtml(settings)}" style="color:#71717a">Email settings</a></p>
</td></tr></table></body></html>`;
  const text = [
    m.title,
    "",
    ...(m.body ? [m.body, ""] : []),
    `Open CareerPilot: ${link}`,
    "",
    "--",
    `You get this email because email notifications about ${m.typeLabel} are on for your CareerPilot account.`,
    `Unsubscribe from these emails: ${m.unsubscribePage}`,
    `Email settings: ${settings}`,
  ].join("\n");
  return { subject: m.title, html, text };
}

/** Words for a notification type in the footer; the dotted type itself when there are none. */
export function notificationTypeLabel(type: string): string {
  const labels: Record<string, string> = {
    "integrations.token.rejected": "access problems with your connected accounts",
    "project_video.processed": "your project intro videos",
  };
  return labels[type] ?? type.replace(/[._]/g, " ");
}
