/**
 * The devstack's mail catcher (what Inbucket / Mailpit are to `supabase start`): an SMTP server
 * that accepts every message for any address and keeps it, a small web inbox to read them, and a
 * JSON API for tests.
 *
 *   npx tsx devstack/src/mail-catcher.ts --profile h5     the profile's ports, messages in .devstack/h5/mail/
 *   import { startMailCatcher } from "…/mail-catcher.js"  any ports and directory (port 0 = any)
 *
 * SMTP (`smtp://127.0.0.1:<API port + 4>`): no TLS, no authentication (any AUTH is accepted, as a
 * local catcher does), messages up to 10 MiB. Each message is parsed once, on arrival, with
 * `mailparser` and stored as `<id>.eml` (the bytes received) plus `<id>.json` (what the API returns).
 *
 * HTTP (`http://127.0.0.1:<API port + 3>`):
 *   GET    /                        the inbox (newest first), `?to=` filters by recipient
 *   GET    /messages/:id            one message: headers, text, and its HTML in a sandboxed frame
 *   GET    /api/messages[?to=]      `{total, messages: [summary…]}`, newest first
 *   GET    /api/messages/:id        the message: summary + `headers` (lower-case names), `html`, `text`
 *   GET    /api/messages/:id/raw    the message as received (message/rfc822)
 *   DELETE /api/messages[?to=]      deletes all (or one recipient's) messages → `{deleted}`
 *   DELETE /api/messages/:id        deletes one → 204
 *   GET    /health                  `{ok: true}`
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type AddressObject, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { getProfile } from "./config.js";

/** A stored message as the list returns it. */
export interface MailSummary {
  id: string;
  /** The header From address (`name <addr>` as written). */
  from: string;
  /** Every envelope recipient (RCPT TO), lower-case: who the message was delivered to. */
  to: string[];
  subject: string;
  /** When the catcher received it (ISO 8601). */
  received_at: string;
  message_id: string | null;
  size: number;
}

/** A stored message in full. */
export interface MailMessage extends MailSummary {
  envelope: { from: string | null; to: string[] };
  /** Header name (lower-case) → value as sent (unfolded; repeated headers joined by a newline). */
  headers: Record<string, string>;
  html: string | null;
  text: string | null;
}

const MAX_SIZE = 10 * 1024 * 1024;
const ID_RE = /^[0-9]{13}-[0-9a-f]{8}$/;

function addressText(a: AddressObject | AddressObject[] | undefined): string {
  if (!a) return "";
  return (Array.isArray(a) ? a : [a]).map((x) => x.text).join(", ");
}

/** The message store of one directory (`<id>.json` + `<id>.eml`). */
export class MailStore {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** Parses and stores a received message; returns its id. */
  async add(raw: Buffer, envelope: { from: string | null; to: string[] }): Promise<string> {
    const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
    const headers: Record<string, string> = {};
    for (const { key, line } of parsed.headerLines) {
      const value = line
        .slice(line.indexOf(":") + 1)
        .replace(/\r?\n[ \t]+/g, " ")
        .trim();
      headers[key] = key in headers ? `${headers[key]}\n${value}` : value;
    }
    const id = `${Date.now()}-${randomBytes(4).toString("hex")}`;
    const message: MailMessage = {
      id,
      from: addressText(parsed.from),
      to: envelope.to.map((t) => t.toLowerCase()),
      subject: parsed.subject ?? "",
      received_at: new Date().toISOString(),
      message_id: parsed.messageId ?? null,
      size: raw.length,
      envelope,
      headers,
      html: typeof parsed.html === "string" ? parsed.html : null,
      text: parsed.text ?? null,
    };
    writeFileSync(path.join(this.dir, `${id}.eml`), raw);
    writeFileSync(path.join(this.dir, `${id}.json`), JSON.stringify(message));
    return id;
  }

  /** Every message (optionally only those delivered to `to`), newest first. */
  list(to?: string | null): MailMessage[] {
    if (!existsSync(this.dir)) return [];
    const want = to?.trim().toLowerCase();
    return readdirSync(this.dir)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .reverse()
      .map((f) => JSON.parse(readFileSync(path.join(this.dir, f), "utf8")) as MailMessage)
      .filter((m) => !want || m.to.includes(want));
  }

  get(id: string): MailMessage | null {
    if (!ID_RE.test(id)) return null;
    const file = path.join(this.dir, `${id}.json`);
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as MailMessage) : null;
  }

  raw(id: string): Buffer | null {
    if (!ID_RE.test(id)) return null;
    const file = path.join(this.dir, `${id}.eml`);
    return existsSync(file) ? readFileSync(file) : null;
  }

  remove(id: string): boolean {
    if (!this.get(id)) return false;
    rmSync(path.join(this.dir, `${id}.json`), { force: true });
    rmSync(path.join(this.dir, `${id}.eml`), { force: true });
    return true;
  }
}

function summary(m: MailMessage): MailSummary {
  return {
    id: m.id,
    from: m.from,
    to: m.to,
    subject: m.subject,
    received_at: m.received_at,
    message_id: m.message_id,
    size: m.size,
  };
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

const PAGE_STYLE = `body{font:14px/1.5 system-ui,sans-serif;margin:0;color:#111827;background:#f9fafb}
header{background:#4f46e5;color:#fff;padding:12px 24px;display:flex;gap:16px;align-items:baseline}
header a{color:#fff}main{padding:16px 24px;max-width:1100px}table{border-collapse:collapse;width:100%;background:#fff}
td,th{border-bottom:1px solid #e5e7eb;padding:8px;text-align:left;vertical-align:top}th{font-weight:600;color:#374151}
a{color:#4338ca}pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #e5e7eb;padding:12px}
iframe{width:100%;height:480px;border:1px solid #e5e7eb;background:#fff}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}
dt{font-weight:600;color:#374151}dd{margin:0;word-break:break-all}.muted{color:#6b7280}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${PAGE_STYLE}</style></head>
<body><header><strong>CareerPilot mail catcher</strong><a href="/">Inbox</a>
<span class="muted" style="color:#e0e7ff">every mail the local stack sends lands here</span></header>
<main>${body}</main></body></html>`;
}

function inboxPage(messages: MailMessage[], to: string | null): string {
  const rows = messages
    .map(
      (m) => `<tr data-test="mail-row"><td>${escapeHtml(new Date(m.received_at).toLocaleString("en-GB"))}</td>
<td>${escapeHtml(m.to.join(", "))}</td><td>${escapeHtml(m.from)}</td>
<td><a href="/messages/${m.id}">${escapeHtml(m.subject || "(no subject)")}</a></td></tr>`,
    )
    .join("");
  const filter = to ? `<p>Showing mail to <strong>${escapeHtml(to)}</strong> · <a href="/">all</a></p>` : "";
  const table = messages.length
    ? `<table><thead><tr><th>Received</th><th>To</th><th>From</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p class="muted">No mail yet. Anything the stack sends (password resets, notification emails) appears here.</p>`;
  return page("Inbox", `${filter}${table}`);
}

function messagePage(m: MailMessage): string {
  const headers = Object.entries(m.headers)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
    .join("");
  // The HTML part runs with no scripts, no same-origin access and no forms (sandbox="").
  const html = m.html
    ? `<h2>HTML</h2><iframe sandbox="" title="HTML part" srcdoc="${escapeHtml(m.html)}"></iframe>`
    : "";
  const text = m.text ? `<h2>Text</h2><pre>${escapeHtml(m.text)}</pre>` : "";
  return page(
    m.subject || "(no subject)",
    `<h1>${escapeHtml(m.subject || "(no subject)")}</h1>
<p><a href="/api/messages/${m.id}/raw">raw</a> · <a href="/api/messages/${m.id}">JSON</a></p>
${html}${text}<h2>Headers</h2><dl>${headers}</dl>`,
  );
}

function send(res: ServerResponse, status: number, body: unknown, type = "application/json"): void {
  const text = type === "application/json" ? JSON.stringify(body) : String(body);
  res.writeHead(status, { "content-type": `${type}; charset=utf-8`, "cache-control": "no-store" });
  res.end(text);
}

function handle(store: MailStore, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://mail.local");
  const to = url.searchParams.get("to");
  const p = url.pathname.replace(/\/+$/, "") || "/";
  const one = /^\/api\/messages\/([^/]+)(\/raw)?$/.exec(p);
  const view = /^\/messages\/([^/]+)$/.exec(p);
  const get = req.method === "GET";
  const del = req.method === "DELETE";
  if (get && p === "/health") send(res, 200, { ok: true });
  else if (get && p === "/") send(res, 200, inboxPage(store.list(to), to), "text/html");
  else if (get && view) {
    const m = store.get(view[1] as string);
    if (m) send(res, 200, messagePage(m), "text/html");
    else send(res, 404, page("Not found", "No such message."), "text/html");
  } else if (get && p === "/api/messages") {
    const list = store.list(to);
    send(res, 200, { total: list.length, messages: list.map(summary) });
  } else if (del && p === "/api/messages") {
    const list = store.list(to);
    for (const m of list) store.remove(m.id);
    send(res, 200, { deleted: list.length });
  } else if (get && one?.[2]) {
    const raw = store.raw(one[1] as string);
    if (!raw) send(res, 404, { error: "not_found" });
    else {
      res.writeHead(200, { "content-type": "message/rfc822", "cache-control": "no-store" });
      res.end(raw);
    }
  } else if (get && one) {
    const m = store.get(one[1] as string);
    if (m) send(res, 200, m);
    else send(res, 404, { error: "not_found" });
  } else if (del && one && !one[2] && store.remove(one[1] as string)) {
    res.writeHead(204);
    res.end();
  } else send(res, 404, { error: "not_found" });
}

export interface RunningMailCatcher {
  smtpPort: number;
  httpPort: number;
  url: string;
  smtpUrl: string;
  store: MailStore;
  close(): Promise<void>;
}

/** Starts the SMTP server and the web inbox on loopback. */
export async function startMailCatcher(opts: {
  smtpPort: number;
  httpPort: number;
  dir: string;
  host?: string;
}): Promise<RunningMailCatcher> {
  const host = opts.host ?? "127.0.0.1";
  const store = new MailStore(opts.dir);
  const smtp = new SMTPServer({
    name: "careerpilot-mail-catcher",
    banner: "CareerPilot mail catcher",
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    size: MAX_SIZE,
    logger: false,
    onAuth(_auth, _session, cb) {
      cb(null, { user: "local" });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const err = Object.assign(new Error("Message exceeds the 10 MiB limit"), { responseCode: 552 });
          return cb(err);
        }
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        const to = session.envelope.rcptTo.map((r) => r.address);
        store.add(Buffer.concat(chunks), { from, to }).then(
          (id) => cb(null, `Queued as ${id}`),
          (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(opts.smtpPort, host, () => resolve());
  });
  smtp.on("error", (err) => process.stderr.write(`mail catcher smtp: ${err.message}\n`));
  const http: Server = createServer((req, res) => {
    try {
      handle(store, req, res);
    } catch (err) {
      send(res, 500, { error: err instanceof Error ? err.message : String(err) });
    }
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(opts.httpPort, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const httpPort = (http.address() as AddressInfo).port;
  return {
    smtpPort,
    httpPort,
    url: `http://${host}:${httpPort}`,
    smtpUrl: `smtp://${host}:${smtpPort}`,
    store,
    close: async () => {
      await new Promise<void>((r) => smtp.close(() => r()));
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const profile = getProfile(args.includes("--profile") ? args[args.indexOf("--profile") + 1] : undefined);
  const running = await startMailCatcher({
    smtpPort: profile.smtpPort,
    httpPort: profile.mailPort,
    dir: profile.mailDir,
  });
  process.stdout.write(`${JSON.stringify({ mail_url: running.url, smtp_url: running.smtpUrl })}\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
