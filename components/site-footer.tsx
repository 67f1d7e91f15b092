import { Link } from '@/components/ui/link';

/** The footer of every page (root layout): the policy, and the way to write to us that it promises. */
export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap gap-x-6 gap-y-2 px-4 py-4 text-slate-700">
        <Link href="/privacy" className="inline-flex min-h-11 items-center text-brand-700 underline underline-offset-2">
          Privacy policy
        </Link>
        <Link href="/contact" className="inline-flex min-h-11 items-center text-brand-700 underline underline-offset-2">
          Contact us
        </Link>
      </div>
    </footer>
  );
}
