import type { Locator } from "playwright-core";
import { type TestUser, withSql } from "../support/env.ts";
import { AppShell } from "./shell.po.ts";

/** A notification to arrange for a user (the SQL consumer is the only writer in the app). */
export interface SeedNotification {
  type: string;
  title: string;
  body?: string;
  link_url?: string;
  read?: boolean;
  minutesAgo: number;
  payload?: Record<string, unknown>;
}

/** Inserts notifications for `user`; returns their ids in the given order. */
export async function seedNotifications(user: TestUser, rows: SeedNotification[]): Promise<string[]> {
  return withSql(async (sql) => {
    const ids: string[] = [];
    for (const r of rows) {
      const [row] = await sql<{ id: string }[]>`
        insert into public.notifications (user_id, type, title, body, link_url, read, payload_json, created_at)
        values (${user.userId}, ${r.type}, ${r.title}, ${r.body ?? null}, ${r.link_url ?? null}, ${r.read ?? false},
                ${sql.json((r.payload ?? {}) as never)}, now() - make_interval(mins => ${r.minutesAgo}))
        returning id`;
      if (!row) throw new Error("no notification inserted");
      ids.push(row.id);
    }
    return ids;
  });
}

/**
 * Emits an event as a stack would, then runs the notifications consumer until its queue is empty
 * (pg_cron's job, without the wait; other suites' events may be queued ahead).
 */
export async function emitAndConsume(type: string, payload: Record<string, unknown>): Promise<void> {
  await withSql(async (sql) => {
    await sql`select private.emit(${type}::text, ${sql.json(payload as never)}::jsonb)`;
    for (let i = 0; i < 200; i++) {
      const [row] = await sql<{ read: number }[]>`
        select (private.run_sql_consumer('notifications') ->> 'read')::int as read`;
      if (!row || row.read === 0) return;
    }
  });
}

/** `/notifications` and the shell's bell. */
export class NotificationsPage extends AppShell {
  el(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/notifications${query}`);
    await this.ready();
  }

  /** Waits until the list (or its empty state) has loaded. */
  async ready(): Promise<void> {
    await this.page.locator('[data-test="notifications"][data-ready="true"]').waitFor();
  }

  get bell(): Locator {
    return this.el("notification-bell");
  }

  get bellCount(): Locator {
    return this.el("notification-bell-count");
  }

  /** The unread badge on the sidebar's Notifications link (large screens). */
  get sidebarCount(): Locator {
    return this.el("nav-notifications-count");
  }

  /** Waits until the bell shows `n` unread (no badge for 0). */
  async bellShows(n: number): Promise<void> {
    await this.page.locator(`[data-test="notification-bell"][data-unread="${n}"]`).waitFor();
  }

  get items(): Locator {
    return this.el("notification-item");
  }

  item(title: string): Locator {
    return this.items.filter({ hasText: title });
  }

  async titles(): Promise<string[]> {
    return (
      await this.items
        .locator('[data-test="notification-link"], [data-test="notification-title"]')
        .allTextContents()
    ).map((s) => s.trim());
  }

  async readState(title: string): Promise<string | null> {
    return this.item(title).getAttribute("data-read");
  }

  /** Clicks All or Unread and waits for the list. */
  async show(filter: "all" | "unread"): Promise<void> {
    await this.el(`filter-${filter}`).click();
    await this.page.waitForURL((u) => (filter === "unread") === (u.searchParams.get("filter") === "unread"));
    await this.ready();
  }

  async filterType(type: string): Promise<void> {
    await this.el("filter-type").selectOption(type);
    await this.page.waitForURL((u) => (u.searchParams.get("type") ?? "") === type);
    await this.ready();
  }

  toggle(title: string): Locator {
    return this.item(title).locator('[data-test="notification-toggle-read"]');
  }

  /** Waits until the row shows `read` and its toggle is no longer saving. */
  async settled(title: string, read: boolean): Promise<void> {
    await this.page
      .locator(`[data-test="notification-item"][data-read="${read}"]`, { hasText: title })
      .locator('[data-test="notification-toggle-read"]:not([aria-disabled])')
      .waitFor();
  }

  link(title: string): Locator {
    return this.item(title).locator('[data-test="notification-link"]');
  }
}
