/**
 * The devstack's mail catcher: what nodemailer sends over SMTP comes back through the JSON API
 * with its envelope, headers, HTML and text, shows in the web inbox, and can be deleted.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import nodemailer from "nodemailer";
import { env } from "../support/env.ts";
import { clearMail, mailTo, waitForMail } from "../support/mail.ts";

describe("mail catcher", () => {
  test("a mail sent with nodemailer over SMTP is listed, readable in full, shown and deletable", async () => {
    const to = `catcher-${randomUUID().slice(0, 8)}@example.test`;
    const bcc = `bcc-${randomUUID().slice(0, 8)}@example.test`;
    const transport = nodemailer.createTransport(env.smtpUrl);
    const info = await transport.sendMail({
      from: "CareerPilot <no-reply@careerpilot.local>",
      to,
      bcc,
      subject: "Prüfung ₹ 12 LPA",
      text: "Plain text part",
      html: '<p>HTML <strong>part</strong> <a href="https://example.test/x?a=1&amp;b=2">link</a></p>',
      headers: { "List-Unsubscribe": "<https://example.test/u?t=1>" },
    });
    transport.close();
    assert.deepEqual(info.rejected, []);

    const [mail] = await waitForMail(to);
    assert.ok(mail);
    assert.equal(mail.subject, "Prüfung ₹ 12 LPA"); // RFC 2047 decoded
    assert.deepEqual(mail.to, [to, bcc]); // the envelope: Bcc included
    assert.equal(mail.envelope.from, "no-reply@careerpilot.local");
    assert.equal(mail.message_id, info.messageId);
    assert.equal(mail.text?.trim(), "Plain text part");
    assert.match(mail.html ?? "", /<strong>part<\/strong>/);
    assert.equal(mail.headers["list-unsubscribe"], "<https://example.test/u?t=1>");
    // The Bcc recipient got it too (the envelope), without a Bcc header in the message.
    assert.equal((await mailTo(bcc)).length, 1);
    assert.equal(mail.headers.bcc, undefined);

    const inbox = await (await fetch(`${env.mailUrl}/?to=${encodeURIComponent(to)}`)).text();
    assert.match(inbox, /Prüfung ₹ 12 LPA/);
    const view = await (await fetch(`${env.mailUrl}/messages/${mail.id}`)).text();
    // The HTML part is shown in a sandboxed frame, escaped into srcdoc (never inline on the page).
    assert.match(view, /<iframe sandbox="" title="HTML part" srcdoc="&lt;p&gt;HTML/);
    const raw = await (await fetch(`${env.mailUrl}/api/messages/${mail.id}/raw`)).text();
    assert.match(raw, /^List-Unsubscribe: <https:\/\/example.test\/u\?t=1>/m);

    await clearMail(to);
    assert.equal((await mailTo(to)).length, 0);
    assert.equal((await fetch(`${env.mailUrl}/api/messages/${mail.id}`)).status, 404);
    assert.equal((await fetch(`${env.mailUrl}/api/messages/..%2F..%2Fkeys`)).status, 404);
  });
});
