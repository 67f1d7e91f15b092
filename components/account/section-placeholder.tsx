/** A section whose issue has not landed yet: says so plainly, with what it will hold. */
export function SectionPlaceholder({ title, what }: { title: string; what: string }) {
  return (
    <section aria-labelledby="section-title">
      <h1 id="section-title" className="text-2xl font-semibold">
        {title}
      </h1>
      <p className="mt-4 max-w-prose text-slate-700">{what}</p>
      <p className="mt-2 max-w-prose text-slate-700">This section is not available yet. Until it is, contact support for anything it will cover.</p>
    </section>
  );
}
