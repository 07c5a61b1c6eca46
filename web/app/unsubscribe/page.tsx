import { CircleAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Logo } from "@/components/logo";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { ApiError, createApiClient } from "@/lib/api";
import { UnsubscribeConfirm } from "./_components/unsubscribe-confirm";

export const metadata: Metadata = { title: "Email preferences" };

/**
 * The page an email's "Unsubscribe" link opens (no sign-in: the signed token in the link
 * authorises). Shows what the link turns off and asks to confirm; opening the page changes
 * nothing, so a mail scanner that follows links unsubscribes nobody. Mail clients use the
 * List-Unsubscribe header's one-click POST instead.
 */
export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const { token } = await searchParams;
  let preview: { notification_type: string; unsubscribed: boolean } | null = null;
  let problem: string | null = null;
  if (!token) problem = "This link is incomplete. Use the unsubscribe link from the email itself.";
  else {
    try {
      preview = await createApiClient({
        getAccessToken: async () => null,
        allowSignedOut: true,
      }).notifications.unsubscribePreview(token);
    } catch (err) {
      problem =
        err instanceof ApiError && err.code === "unsubscribe_token_invalid"
          ? err.message
          : "We could not check this link right now. Try again in a moment.";
    }
  }
  return (
    <main className="flex min-h-dvh flex-col px-4 py-8 sm:px-8">
      <Logo />
      <div className="flex flex-1 items-center justify-center py-10">
        <div className="grid w-full max-w-[440px] gap-6">
          {preview && token ? (
            <UnsubscribeConfirm
              token={token}
              notificationType={preview.notification_type}
              alreadyUnsubscribed={preview.unsubscribed}
            />
          ) : (
            <>
              <h1 className="text-2xl font-semibold tracking-tight">Email preferences</h1>
              <Alert
                variant="destructive"
                data-test="unsubscribe-error"
                className="border-destructive/30 bg-destructive/5"
              >
                <CircleAlert />
                <AlertDescription>{problem}</AlertDescription>
              </Alert>
            </>
          )}
          <p className="text-sm text-muted-foreground">
            All your email choices are in{" "}
            <Link href="/settings" className="font-medium text-primary underline-offset-4 hover:underline">
              Settings
            </Link>{" "}
            (sign-in needed).
          </p>
        </div>
      </div>
    </main>
  );
}
