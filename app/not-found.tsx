import { Link } from '@/components/ui/link';

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-3 text-slate-700">There is nothing at this address.</p>
      <Link href="/" className="mt-6 inline-block text-brand-700 underline underline-offset-2">
        Go to the home page
      </Link>
    </main>
  );
}
