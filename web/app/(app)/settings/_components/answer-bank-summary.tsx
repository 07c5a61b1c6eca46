import type { JobApplyAnswerBank } from "@/lib/api";
import { formatLpa } from "@/lib/format";

const yesNo = (v: boolean | null) => (v === null ? null : v ? "Yes" : "No");

/** The saved answers, read-only (rendered on the server: no JavaScript until the user edits). */
export function AnswerBankSummary({ bank }: { bank: JobApplyAnswerBank }) {
  const rows: [string, string | null][] = [
    ["Phone", bank.phone],
    ["Current city", bank.current_location],
    ["Notice period", bank.notice_period_days === null ? null : `${bank.notice_period_days} days`],
    [
      "Serving notice",
      bank.serving_notice === null
        ? null
        : bank.serving_notice
          ? `Yes${bank.last_working_day ? `, last day ${bank.last_working_day}` : ""}`
          : "No",
    ],
    [
      "Total experience",
      bank.total_experience_years === null ? null : `${bank.total_experience_years} years`,
    ],
    ["Current CTC", bank.current_ctc_lpa === null ? null : formatLpa(bank.current_ctc_lpa)],
    ["Expected CTC", bank.expected_ctc_lpa === null ? null : formatLpa(bank.expected_ctc_lpa)],
    ["Willing to relocate", yesNo(bank.willing_to_relocate)],
    ["Needs visa sponsorship", yesNo(bank.requires_sponsorship)],
    ["Work authorisation", bank.work_authorisation],
  ];
  const skills = Object.entries(bank.skill_years);
  const unanswered = rows.filter(([, v]) => v === null).length;
  return (
    <div className="grid gap-4" data-test="answer-bank-summary">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        {rows.map(([label, value]) => (
          <div
            key={label}
            className="flex justify-between gap-3 border-b py-1.5 sm:block sm:border-0 sm:py-0"
          >
            <dt className="text-muted-foreground">{label}</dt>
            <dd
              className={
                value === null ? "text-muted-foreground italic" : "font-medium [overflow-wrap:anywhere]"
              }
            >
              {value ?? "Not answered"}
            </dd>
          </div>
        ))}
      </dl>
      {skills.length ? (
        <p className="text-sm" data-test="answer-bank-skills">
          <span className="text-muted-foreground">Years with a skill: </span>
          {skills.map(([s, y]) => `${s} ${y}`).join(", ")}
        </p>
      ) : null}
      {bank.custom_answers.length ? (
        <p className="text-sm text-muted-foreground">
          {bank.custom_answers.length === 1
            ? "1 other question answered."
            : `${bank.custom_answers.length} other questions answered.`}
        </p>
      ) : null}
      {unanswered ? (
        <p className="text-sm text-muted-foreground">
          {unanswered === 1 ? "1 usual question is" : `${unanswered} usual questions are`} not answered: an
          application that asks one stops and asks you.
        </p>
      ) : null}
    </div>
  );
}
