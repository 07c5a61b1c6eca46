"use client";

import { LoaderCircle, LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { signOut } from "../../_components/sign-out";

export function SignOutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);

  async function onClick() {
    setPending(true);
    await signOut();
    router.replace("/auth");
    router.refresh();
  }

  return (
    <Button variant="outline" onClick={onClick} disabled={pending} data-test="settings-sign-out">
      {pending ? <LoaderCircle className="animate-spin" /> : <LogOut />}
      Sign out
    </Button>
  );
}
