"use client";

import { Moon, Sun } from "lucide-react";
import { useTheme } from "next-themes";
import { useEffect, useState } from "react";

const TOGGLE_CLASS =
  "inline-flex size-9 shrink-0 items-center justify-center rounded-md transition-all outline-none hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 dark:hover:bg-accent/50";

/**
 * Switches between the light and dark theme. Until the user picks one, the theme follows the
 * system preference (next-themes' "system"); the choice is remembered in localStorage and applied
 * before the first paint by next-themes' inline script, so there is no flash.
 */
export function ThemeToggle() {
  const { resolvedTheme, setTheme } = useTheme();
  // The theme is known only in the browser: render the server's label until mounted (no mismatch).
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const next = mounted && resolvedTheme === "dark" ? "light" : "dark";
  return (
    // A plain button with the ghost icon button's classes: the landing page has no other client
    // component, and Button would bring class-variance-authority and tailwind-merge along.
    <button
      type="button"
      className={TOGGLE_CLASS}
      onClick={() => setTheme(next)}
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      data-test="theme-toggle"
    >
      {/* Both icons rendered; CSS picks one, so the server's HTML matches whatever theme loads. */}
      <Sun className="size-5 dark:hidden" />
      <Moon className="hidden size-5 dark:block" />
    </button>
  );
}
