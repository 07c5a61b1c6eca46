"use client";

import * as React from "react";

/**
 * Radix dialogs and sheets give focus back to their Trigger when they close, and to nothing (the
 * page's body) when they were opened without one (a controlled `open` set by a button, a route or
 * a switch). These handlers remember what had focus when the content opened — the opener, a
 * Trigger included — and focus it again on close. A caller's `onCloseAutoFocus` that calls
 * `preventDefault` decides instead. When the dialog's action removed the opener (an upload that
 * replaces the "Add" button), focus goes to the opener's closest `[data-focus-return]` ancestor
 * (give it `tabIndex={-1}`); failing that, Radix's default.
 */
export function useReturnFocus(handlers: {
  onOpenAutoFocus?: (event: Event) => void;
  onCloseAutoFocus?: (event: Event) => void;
}): { onOpenAutoFocus: (event: Event) => void; onCloseAutoFocus: (event: Event) => void } {
  const opener = React.useRef<HTMLElement | null>(null);
  const fallback = React.useRef<HTMLElement | null>(null);
  const { onOpenAutoFocus, onCloseAutoFocus } = handlers;
  return {
    // Runs as the content mounts, before focus moves into it: the active element is the opener.
    onOpenAutoFocus: React.useCallback(
      (event: Event) => {
        const active = document.activeElement;
        opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
        fallback.current = opener.current?.closest<HTMLElement>("[data-focus-return]") ?? null;
        onOpenAutoFocus?.(event);
      },
      [onOpenAutoFocus],
    ),
    onCloseAutoFocus: React.useCallback(
      (event: Event) => {
        onCloseAutoFocus?.(event);
        if (event.defaultPrevented) return;
        const el = opener.current?.isConnected ? opener.current : fallback.current;
        if (el?.isConnected) {
          event.preventDefault();
          el.focus();
        }
      },
      [onCloseAutoFocus],
    ),
  };
}

/**
 * For inline editors (not dialogs): once `open` turns false, focus `target` (the Edit button that
 * opened it) as soon as it is mounted again: an effect after the render that shows it. A frame
 * after closing can come before that render, leaving focus on the page's body. Call the returned
 * function when the editor closes.
 */
export function useFocusAfterClose(
  open: boolean,
  target: React.RefObject<HTMLElement | null>,
): () => void {
  const pending = React.useRef(false);
  React.useEffect(() => {
    if (!open && pending.current) {
      pending.current = false;
      target.current?.focus();
    }
  }, [open, target]);
  return React.useCallback(() => {
    pending.current = true;
  }, []);
}
