/**
 * Reading the stack's mail catcher (devstack/src/mail-catcher.ts) from tests: every mail the
 * stack sends (auth's recovery mails, the runner's notification emails) lands there.
 */
import { env } from "./env.ts";

export interface CaughtMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  received_at: string;
  message_id: string | null;
  size: number;
  envelope: { from: string | null; to: string[] };
  headers: Record<string, string>;
  html: string | null;
  text: string | null;
}

function mailUrl(): string {
  if (!env.mailUrl) throw new Error("the stack has no mail catcher (no mail_url in `stack status --json`)");
  return env.mailUrl;
}

/** Every message delivered to `to` (all when omitted), newest first, in full. */
export async function mailTo(to?: string): Promise<CaughtMail[]> {
  const q = to ? `?to=${encodeURIComponent(to)}` : "";
  const res = await fetch(`${mailUrl()}/api/messages${q}`);
  if (!res.ok) throw new Error(`mail catcher list: ${res.status}`);
  const list = (await res.json()) as { messages: { id: string }[] };
  return Promise.all(
    list.messages.map(
      async (m) => (await (await fetch(`${mailUrl()}/api/messages/${m.id}`)).json()) as CaughtMail,
    ),
  );
}

/**
 * Waits until `count` messages (default 1) have been delivered to `to` and returns them, newest
 * first. @throws after `timeoutMs` with what arrived
 */
export async function waitForMail(
  to: string,
  opts: { count?: number; timeoutMs?: number; match?: (m: CaughtMail) => boolean } = {},
): Promise<CaughtMail[]> {
  const count = opts.count ?? 1;
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  let got: CaughtMail[] = [];
  for (;;) {
    got = (await mailTo(to)).filter(opts.match ?? (() => true));
    if (got.length >= count) return got;
    if (Date.now() > deadline) {
      throw new Error(
        `expected ${count} mail(s) to ${to}, got ${got.length}: ${got.map((m) => m.subject).join(" | ")}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Deletes every message delivered to `to`. */
export async function clearMail(to: string): Promise<void> {
  await fetch(`${mailUrl()}/api/messages?to=${encodeURIComponent(to)}`, { method: "DELETE" });
}

/** The first link in a message's HTML whose URL contains `includes`. */
export function linkIn(mail: CaughtMail, includes: string): string {
  for (const m of (mail.html ?? "").matchAll(/href="([^"]+)"/g)) {
    const href = (m[1] as string).replace(/&amp;/g, "&");
    if (href.includes(includes)) return href;
  }
  throw new Error(`no link containing ${includes} in "${mail.subject}"`);
}
