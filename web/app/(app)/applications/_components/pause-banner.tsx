import { OctagonPause } from "lucide-react";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import type { JobApplyPauseState } from "@/lib/api";
import { PORTAL_LABELS } from "../../_lib/forms";

/**
 * Says when applying is paused and why: the platform's emergency stop, an administrator's pause of
 * this account, or portals paused after a block (captcha, sign-in wall, restricted account, 429).
 * Renders nothing while applying runs normally.
 */
export function PauseBanner({
  pause,
  showJobControlLink = true,
}: {
  pause: JobApplyPauseState;
  showJobControlLink?: boolean;
}) {
  const portals = pause.portals.filter((p) => p.paused);
  if (!pause.applying_paused && portals.length === 0) return null;
  return (
    <Alert
      className="border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-50"
      data-test="apply-paused"
      data-emergency={pause.emergency_stop.active}
      data-admin={pause.admin_pause.active}
    >
      <OctagonPause />
      <AlertTitle>
        {pause.emergency_stop.active
          ? "Applying is stopped for everyone right now"
          : pause.admin_pause.active
            ? "Applying is paused for your account"
            : `Applying is paused on ${portals.map((p) => PORTAL_LABELS[p.portal]).join(", ")}`}
      </AlertTitle>
      <AlertDescription className="text-inherit">
        {pause.message ? <p data-test="apply-paused-message">{pause.message}</p> : null}
        {!pause.applying_paused
          ? portals.map((p) => (
              <p key={p.portal} data-test="portal-paused" data-portal={p.portal}>
                {PORTAL_LABELS[p.portal]}: {p.advice ?? p.detail ?? "paused."}
              </p>
            ))
          : null}
        {pause.message ? null : <p>Nothing is lost: waiting applications continue when applying resumes.</p>}
        {showJobControlLink && !pause.applying_paused ? (
          <Link href="/job-control#apply-safety" className="font-medium underline underline-offset-4">
            Resume a portal in Job Control
          </Link>
        ) : null}
      </AlertDescription>
    </Alert>
  );
}
