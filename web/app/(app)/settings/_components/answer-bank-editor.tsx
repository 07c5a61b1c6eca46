"use client";

import { Pencil } from "lucide-react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useFocusAfterClose } from "@/components/ui/return-focus";
import type { JobApplyAnswerBank } from "@/lib/api";

// The editor loads when the user chooses to edit: Settings stays within its first-load budget.
const AnswerBankForm = dynamic(() => import("./answer-bank-form").then((m) => m.AnswerBankForm), {
  ssr: false,
  loading: () => <p className="text-sm text-muted-foreground">Opening the editor…</p>,
});

/** The answer bank's summary (server-rendered, passed as children) with Edit, which swaps in the editor. */
export function AnswerBankEditor({
  bank,
  children,
}: {
  bank: JobApplyAnswerBank;
  children: React.ReactNode;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const edit = useRef<HTMLButtonElement>(null);
  const focusEditLater = useFocusAfterClose(editing, edit);
  if (editing) {
    return (
      <AnswerBankForm
        initial={bank}
        onDone={(saved) => {
          focusEditLater();
          setEditing(false);
          if (saved) router.refresh();
        }}
      />
    );
  }
  return (
    <div className="grid gap-4">
      {children}
      <Button
        ref={edit}
        type="button"
        variant="outline"
        className="justify-self-start"
        onClick={() => setEditing(true)}
        data-test="answer-bank-edit"
      >
        <Pencil />
        Edit answers
      </Button>
    </div>
  );
}
