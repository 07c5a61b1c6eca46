import { KeyRound, LockKeyhole, ShieldCheck, Trash2 } from "lucide-react";

const points = [
  {
    icon: KeyRound,
    title: "Your own Gemini key",
    body: "AI runs on your key, so your data is not pooled with anyone else’s. Once saved, it is never shown in full again.",
  },
  {
    icon: LockKeyhole,
    title: "Encrypted tokens",
    body: "GitHub, Gmail and portal tokens are encrypted at rest and can be revoked from Settings at any time.",
  },
  {
    icon: ShieldCheck,
    title: "Only you see your data",
    body: "Row-level security in the database scopes every record to your account, not just the app’s code.",
  },
  {
    icon: Trash2,
    title: "Leave whenever you like",
    body: "Deleting your account removes your profile, résumés, videos and documents for good.",
  },
];

export function SecurityNote() {
  return (
    <section id="security" className="scroll-mt-20 border-y bg-slate-950 py-20 text-slate-100 sm:py-24">
      <div className="mx-auto grid max-w-6xl gap-12 px-4 sm:px-6 lg:grid-cols-[1fr_1.4fr]">
        <div>
          <p className="text-sm font-semibold tracking-wide text-indigo-300 uppercase">
            Security and privacy
          </p>
          <h2 className="mt-2 text-3xl font-semibold tracking-tight text-white sm:text-4xl">
            Built to be trusted with your career
          </h2>
          <p className="mt-4 text-lg text-slate-300">
            Applying on your behalf means holding keys to your accounts. We treat them that way.
          </p>
        </div>
        <div className="grid gap-6 sm:grid-cols-2">
          {points.map((p) => (
            <div key={p.title} className="rounded-xl border border-slate-800 bg-slate-900/60 p-5">
              <p.icon className="size-5 text-indigo-300" />
              <h3 className="mt-3 font-semibold text-white">{p.title}</h3>
              <p className="mt-1.5 text-sm leading-relaxed text-slate-300">{p.body}</p>
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
