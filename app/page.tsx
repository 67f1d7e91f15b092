import { Link } from '@/components/ui/link';

export default function Home() {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-2xl flex-col justify-center gap-6 px-4 py-12">
      <h1 className="text-3xl font-semibold sm:text-4xl">Your account, in your hands</h1>
      <p className="text-lg text-slate-700">See everything we hold about you, correct it, choose the email you get, download your data or delete your account.</p>
      <div className="flex flex-wrap gap-3">
        <Link href="/sign-in" className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-5 font-medium text-white hover:bg-brand-800">
          Sign in
        </Link>
        <Link href="/sign-up" className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-5 font-medium hover:bg-slate-100">
          Create an account
        </Link>
      </div>
    </main>
  );
}
