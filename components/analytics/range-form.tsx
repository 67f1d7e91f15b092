import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';

/**
 * The date range of the report: a plain GET form, so a range is a link that
 * can be shared and works without JavaScript. The server validates it.
 */
export function RangeForm({ from, to, errors, presets }: { from: string; to: string; errors: { from?: string; to?: string }; presets: { label: string; href: string }[] }) {
  return (
    <form method="get" action="/admin/analytics" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <div className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-start">
        <Field id="from" name="from" type="date" label="From" defaultValue={from} error={errors.from} required />
        <Field id="to" name="to" type="date" label="To" defaultValue={to} error={errors.to} required />
        <Button type="submit" className="sm:mt-8">
          Show
        </Button>
      </div>
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <span className="text-slate-700">Quick ranges:</span>
        {presets.map((p) => (
          <a key={p.label} href={p.href} className="text-brand-700 underline underline-offset-2">
            {p.label}
          </a>
        ))}
      </p>
    </form>
  );
}
