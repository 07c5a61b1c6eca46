/**
 * Auth's outgoing mail, configured with GoTrue's own variables (`GOTRUE_SMTP_*`, `GOTRUE_MAILER_*`,
 * `GOTRUE_URI_ALLOW_LIST`) and sent with nodemailer over SMTP, as GoTrue sends it synchronously
 * inside the request. The devstack points it at the profile's mail catcher.
 */
import nodemailerUntyped from "nodemailer";

/**
 * The part of nodemailer this module uses. Typed here rather than through `@types/nodemailer`,
 * which pulls `@types/node` into the Deno type graph and breaks WebCrypto's `CryptoKey` for every
 * test type-checked with it.
 */
interface Transport {
  sendMail(mail: { from: string; to: string; subject: string; html: string; text: string }): Promise<unknown>;
  close(): void;
}
const nodemailer = nodemailerUntyped as unknown as {
  createTransport(options: {
    host: string;
    port: number;
    secure: boolean;
    auth?: { user: string; pass: string };
    connectionTimeout: number;
    greetingTimeout: number;
  }): Transport;
};

export interface MailConfig {
  /** null: no SMTP configured (requests that need a mail fail with 500, as GoTrue's do). */
  smtp: { host: string; port: number; user: string; pass: string } | null;
  /** `"CareerPilot" <no-reply@…>`: GoTrue's SMTP_SENDER_NAME + SMTP_ADMIN_EMAIL. */
  from: string;
  /** GOTRUE_SMTP_MAX_FREQUENCY: least time between two mails of one kind to one address (ms). */
  maxFrequencyMs: number;
  /** GOTRUE_MAILER_OTP_EXP: how long an emailed link stays valid (seconds). */
  otpExpSeconds: number;
  /** SITE_URL: where links go when no (allowed) redirect_to is given. */
  siteUrl: string;
  /** GOTRUE_URI_ALLOW_LIST: further allowed redirect URLs (exact, or a prefix ending in `**`). */
  allowList: string[];
}

/** A Go duration ("60s", "1m", "1m30s", "500ms") in milliseconds; `fallback` when unparsable. */
export function goDurationMs(value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let matched = "";
  for (const m of value.trim().matchAll(re)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
    matched += m[0];
  }
  return matched === value.trim() && matched ? total : fallback;
}

/** Reads the mail settings from the environment (GoTrue's names). */
export function mailConfigFromEnv(env: Record<string, string | undefined>): MailConfig {
  const host = env.GOTRUE_SMTP_HOST ?? "";
  const admin = env.GOTRUE_SMTP_ADMIN_EMAIL || "no-reply@localhost";
  const name = env.GOTRUE_SMTP_SENDER_NAME ?? "";
  return {
    smtp: host
      ? {
        host,
        port: Number(env.GOTRUE_SMTP_PORT ?? "587"),
        user: env.GOTRUE_SMTP_USER ?? "",
        pass: env.GOTRUE_SMTP_PASS ?? "",
      }
      : null,
    from: name ? `"${name.replace(/"/g, "")}" <${admin}>` : admin,
    maxFrequencyMs: goDurationMs(env.GOTRUE_SMTP_MAX_FREQUENCY, 60_000),
    otpExpSeconds: Number(env.GOTRUE_MAILER_OTP_EXP ?? "3600") || 3600,
    siteUrl: (env.SITE_URL ?? env.GOTRUE_SITE_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, ""),
    allowList: (env.GOTRUE_URI_ALLOW_LIST ?? "").split(",").map((s) => s.trim()).filter(Boolean),
  };
}

/** Sends one mail with an HTML and a text part. @throws when SMTP is not configured or refuses */
export async function sendMail(
  config: MailConfig,
  mail: { to: string; subject: string; html: string; text: string },
): Promise<void> {
  if (!config.smtp) throw new Error("SMTP is not configured (GOTRUE_SMTP_HOST)");
  const transport = nodemailer.createTransport({
    host: config.smtp.host,
    port: config.smtp.port,
    secure: config.smtp.port === 465,
    auth: config.smtp.user ? { user: config.smtp.user, pass: config.smtp.pass } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
  });
  try {
    await transport.sendMail({ from: config.from, ...mail });
  } finally {
    transport.close();
  }
}
