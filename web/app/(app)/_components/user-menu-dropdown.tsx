"use client";

import { LogOut, Settings, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { signOut } from "./sign-out";
import { type ShellUser, USER_MENU_TRIGGER_CLASS, UserMenuFace } from "./user-menu";

/**
 * The account menu itself (Radix DropdownMenu): who is signed in, the admin console (admins),
 * Settings, Sign out. Loaded by {@link UserMenu} after the page, so it is not first-load JS.
 */
export function UserMenuDropdown({
  user,
  defaultOpen,
  focusTrigger,
}: {
  user: ShellUser;
  /** Open at once: the user clicked the placeholder before this loaded. */
  defaultOpen: boolean;
  /** Take focus: the placeholder had it. */
  focusTrigger: boolean;
}) {
  const router = useRouter();
  const trigger = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusTrigger) trigger.current?.focus();
  }, [focusTrigger]);

  async function onSignOut() {
    await signOut();
    router.replace("/auth");
    router.refresh();
  }

  return (
    <DropdownMenu defaultOpen={defaultOpen}>
      <DropdownMenuTrigger asChild>
        <Button
          ref={trigger}
          variant="ghost"
          className={USER_MENU_TRIGGER_CLASS}
          data-test="user-menu-trigger"
        >
          <UserMenuFace user={user} />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-64">
        <DropdownMenuLabel className="font-normal">
          {user.displayName ? <p className="truncate text-sm font-medium">{user.displayName}</p> : null}
          <p className="truncate text-sm text-muted-foreground" data-test="user-menu-email">
            {user.email}
          </p>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        {user.role === "admin" ? (
          <DropdownMenuItem asChild data-test="user-menu-admin">
            <Link href="/admin">
              <ShieldCheck /> Admin console
            </Link>
          </DropdownMenuItem>
        ) : null}
        <DropdownMenuItem asChild data-test="user-menu-settings">
          <Link href="/settings">
            <Settings /> Settings
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={onSignOut} data-test="user-menu-sign-out">
          <LogOut /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
