"use client";

import { type ComponentType, useEffect, useRef, useState } from "react";
import { Avatar, AvatarFallback } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { initials } from "@/lib/utils";

export interface ShellUser {
  email: string | null;
  displayName: string | null;
  /** Admins also get a way to the admin console. */
  role?: "user" | "admin";
}

export const USER_MENU_TRIGGER_CLASS = "h-10 gap-2 rounded-full px-1.5 sm:pr-3";

/** What the account button shows: initials, the name on wider screens, and its accessible name. */
export function UserMenuFace({ user }: { user: ShellUser }) {
  return (
    <>
      <Avatar className="size-8">
        <AvatarFallback
          className="bg-primary text-xs font-semibold text-primary-foreground"
          data-test="user-initials"
        >
          {initials(user.displayName, user.email)}
        </AvatarFallback>
      </Avatar>
      <span className="hidden max-w-40 truncate text-sm font-medium sm:inline">
        {user.displayName || user.email}
      </span>
      {/* Named by its visible text plus this, so speech input can say what is shown. */}
      <span className="sr-only">, account menu</span>
    </>
  );
}

type Dropdown = ComponentType<{ user: ShellUser; defaultOpen: boolean; focusTrigger: boolean }>;

/**
 * The account button. The menu behind it (Radix DropdownMenu with its positioning engine) is
 * fetched right after the page hydrates instead of with the page: until it arrives the same
 * button is shown, and a click on it opens the menu as soon as it is there.
 */
export function UserMenu({ user }: { user: ShellUser }) {
  const [dropdown, setDropdown] = useState<Dropdown | null>(null);
  const [openOnLoad, setOpenOnLoad] = useState(false);
  const placeholder = useRef<HTMLButtonElement>(null);
  const hadFocus = useRef(false);

  useEffect(() => {
    let live = true;
    import("./user-menu-dropdown").then((m) => {
      if (!live) return;
      hadFocus.current = document.activeElement === placeholder.current;
      setDropdown(() => m.UserMenuDropdown);
    });
    return () => {
      live = false;
    };
  }, []);

  if (dropdown) {
    const Menu = dropdown;
    return <Menu user={user} defaultOpen={openOnLoad} focusTrigger={hadFocus.current} />;
  }
  return (
    <Button
      ref={placeholder}
      variant="ghost"
      className={USER_MENU_TRIGGER_CLASS}
      data-test="user-menu-trigger"
      aria-haspopup="menu"
      onClick={() => setOpenOnLoad(true)}
    >
      <UserMenuFace user={user} />
    </Button>
  );
}
