const steps = [
  {
    title: "Set your targets",
    body: "Roles you want, your minimum LPA (say ₹12 LPA) and preferred cities or remote.",
  },
  {
    title: "Connect GitHub and Gemini",
    body: "Link GitHub and paste your own Gemini API key. Optional: Gmail and portal tokens.",
  },
  {
    title: "Review your profile",
    body: "Check AI project descriptions, record intro videos and generate your first résumé.",
  },
  {
    title: "Switch on job search",
    body: "Pick portals, turn on auto-apply if you like, and track every response in one place.",
  },
];

export function HowItWorks() {
  return (
    <section id="how-it-works" className="scroll-mt-20 py-20 sm:py-24">
      <div className="mx-auto max-w-6xl px-4 sm:px-6">
        <div className="max-w-2xl">
          <p className="text-sm font-semibold tracking-wide text-primary uppercase">How it works</p>
          <h2 className="mt-2 text-3xl font-semibold tracking-tight sm:text-4xl">
            Up and running in four steps
          </h2>
        </div>
        <ol className="mt-12 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
          {steps.map((s, i) => (
            <li key={s.title} className="relative rounded-xl border bg-card p-6">
              <span className="flex size-9 items-center justify-center rounded-full bg-primary text-sm font-semibold text-primary-foreground">
                {i + 1}
              </span>
              <h3 className="mt-4 font-semibold">{s.title}</h3>
              <p className="mt-2 text-sm leading-relaxed text-muted-foreground">{s.body}</p>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
