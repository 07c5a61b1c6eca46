"use client";

import { LogOut, Settings, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Avatar, AvatarFallback } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { initials } from "@/lib/utils";
import { signOut } from "./sign-out";

export interface ShellUser {
  email: string | null;
  displayName: string | null;
  /** Admins also get a way to the admin console. */
  role?: "user" | "admin";
}

/** Avatar button opening the account menu: who is signed in, the admin console (admins), Settings, Sign out. */
export function UserMenu({ user }: { user: ShellUser }) {
  const router = useRouter();

  async function onSignOut() {
    await signOut();
    router.replace("/auth");
    router.refresh();
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          className="h-10 gap-2 rounded-full px-1.5 sm:pr-3"
          data-test="user-menu-trigger"
        >
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
