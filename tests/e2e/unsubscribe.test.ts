/**
 * An email's "Unsubscribe" link, as a person follows it: the page (no sign-in) says what it turns
 * off and changes nothing until confirmed; confirming turns that type's emails off. The email is
 * a real notification email sent by the stack's runner into the mail catcher.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { env, newUser, withSql } from "../support/env.ts";
import { linkIn, waitForMail } from "../support/mail.ts";
import { AuthPage } from "./auth.po.ts";
import { launchBrowser, MOBILE, newContext, screenshot } from "./browser.ts";
import { SettingsSectionsPage } from "./settings-sections.po.ts";
import { UnsubscribePage } from "./unsubscribe.po.ts";

async function emailsOff(userId: string): Promise<boolean | null> {
  const rows = await withSql(
    (sql) => sql<{ enabled: boolean }[]>`
      select enabled from public.notification_channel_preferences
       where user_id = ${userId} and notification_type = 'integrations.token.rejected' and channel = 'email'`,
  );
  return rows[0] ? !rows[0].enabled : null;
}

describe("unsubscribe page", () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test("the email's link → confirm → unsubscribed from that type, without signing in", async () => {
    const user = await newUser("e2e-unsub");
    await withSql(async (sql) => {
      const [row] = await sql<{ id: string }[]>`
        select private.emit('integrations.token.rejected', ${sql.json({ user_id: user.userId, provider: "github" })})::text as id`;
      // Batches until this event left the queue (earlier suites may have left a backlog ahead of it).
      for (let i = 0; i < 50; i++) {
        await sql`select private.run_sql_consumer('notifications')`;
        const left =
          await sql`select 1 from pgmq.q_notifications where message ->> 'event_id' = ${row?.id ?? ""}`;
        if (left.length === 0) break;
      }
    });
    const [mail] = await waitForMail(user.email, { timeoutMs: 30_000 });
    assert.ok(mail);
    // The mail as a developer sees it in the mail catcher's inbox.
    const inbox = await newContext(browser);
    const inboxPage = await inbox.newPage();
    await inboxPage.goto(`${env.mailUrl}/messages/${mail.id}`);
    await screenshot(inboxPage, "notification-email-in-mail-catcher");
    await inbox.close();

    const context = await newContext(browser, MOBILE);
    const page = await context.newPage();
    const unsubscribe = new UnsubscribePage(page);
    await page.goto(linkIn(mail, "/unsubscribe?token="));
    await unsubscribe.confirm.waitFor();
    assert.match(
      (await unsubscribe.confirm.textContent()) ?? "",
      /access problems with your connected accounts/,
    );
    assert.equal(await emailsOff(user.userId), null, "opening the page changes nothing");
    await screenshot(page, "unsubscribe-confirm-mobile");
    await unsubscribe.unsubscribe();
    assert.equal(await emailsOff(user.userId), true);
    await screenshot(page, "unsubscribe-done-mobile");
    // Opening the link again says so at once.
    await page.reload();
    await unsubscribe.done.waitFor();
    await context.close();

    // Settings tells the truth about it, and turns it back on.
    const signedIn = await newContext(browser);
    const settingsPage = await signedIn.newPage();
    await new AuthPage(settingsPage).goto();
    await new AuthPage(settingsPage).signIn(user.email, user.password);
    const settings = new SettingsSectionsPage(settingsPage);
    await settings.goto();
    const muted = settings.el("notify-email-muted-type");
    assert.match((await muted.textContent()) ?? "", /Access problems with connected accounts/);
    assert.equal(await settings.el("notify-email").getAttribute("aria-checked"), "true");
    assert.equal(await settings.el("notify-product-updates").isDisabled(), true, "not sent yet: not offered");
    await screenshot(settingsPage, "settings-email-unsubscribed-type");
    await muted.getByRole("button", { name: "Email me again" }).click();
    await settings.el("notification-prefs-save").click();
    await settings.toast("Notification preferences saved").waitFor();
    assert.equal(await emailsOff(user.userId), false);
    await signedIn.close();
  });

  test("a forged link says it is not valid", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const unsubscribe = new UnsubscribePage(page);
    await page.goto("/unsubscribe?token=forged.token.value");
    await unsubscribe.error.waitFor();
    assert.match((await unsubscribe.error.textContent()) ?? "", /not valid/);
    await screenshot(page, "unsubscribe-invalid");
    await context.close();
  });
});
