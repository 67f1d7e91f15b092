'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { ReauthForm } from '@/components/account/reauth-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { formatDateTime } from '@/lib/format';
import { EXPORT_LIMIT, EXPORT_REFUSALS, EXPORT_WINDOW_HOURS, type ExportRefusal } from '@/lib/privacy';

interface Props {
  /** Re-authenticated within the last 5 minutes when the page was rendered. */
  fresh: boolean;
  hasPin: boolean;
  /** Why the last attempt was refused (the route redirected back with it). */
  refusal?: ExportRefusal;
  left: number;
  nextAt: string | null;
}

/**
 * The download is a plain form POST to /api/export, so the browser saves the
 * streamed ZIP itself (nothing is held in page memory) and it works without
 * JavaScript. With JavaScript, confirming it is you starts the download at once
 * and the button cannot be pressed twice while it is being prepared.
 */
export function DownloadData({ fresh: freshAtRender, hasPin, refusal, left, nextAt }: Props) {
  const [fresh, setFresh] = useState(freshAtRender);
  const [asking, setAsking] = useState(refusal === 'reauth');
  const [error, setError] = useState<string | undefined>(refusal ? (refusal === 'limit' && nextAt ? `${EXPORT_REFUSALS.limit} You can download again after ${formatDateTime(nextAt)}.` : EXPORT_REFUSALS[refusal]) : undefined);
  const [preparing, setPreparing] = useState(false);
  // Set when confirming it is you should start the download straight away.
  const autoSubmit = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const router = useRouter();

  useEffect(() => {
    if (fresh && autoSubmit.current) {
      autoSubmit.current = false;
      formRef.current?.requestSubmit();
    }
  }, [fresh]);

  useEffect(() => {
    if (!preparing) return;
    // Long enough for the stream to have started; then the button comes back and the count of downloads left is fresh.
    const t = setTimeout(() => {
      setPreparing(false);
      router.refresh();
    }, 15_000);
    return () => clearTimeout(t);
  }, [preparing, router]);

  if (left === 0) {
    return (
      <Alert tone="info">
        You have downloaded your data {EXPORT_LIMIT} times in the last {EXPORT_WINDOW_HOURS} hours. You can download it again after {nextAt ? formatDateTime(nextAt) : 'a day'}.
      </Alert>
    );
  }

  return (
    <div className="flex flex-col gap-3">
      {error && <Alert tone="error">{error}</Alert>}
      {preparing && <Alert tone="success">Your download is being prepared. Your browser will save it as a ZIP file; large accounts can take a minute.</Alert>}
      {asking && !fresh ? (
        <ReauthForm
          allowPin={hasPin}
          onCancel={() => setAsking(false)}
          onDone={() => {
            setError(undefined);
            setFresh(true);
            setAsking(false);
            autoSubmit.current = true;
          }}
        />
      ) : (
        <form
          ref={formRef}
          method="post"
          action="/api/export"
          onSubmit={(e) => {
            if (!fresh) {
              e.preventDefault();
              setAsking(true);
              return;
            }
            if (preparing) {
              e.preventDefault();
              return;
            }
            setError(undefined);
            setPreparing(true);
          }}
        >
          <Button type="submit" disabled={preparing}>
            Download my data
          </Button>
        </form>
      )}
      <p className="text-sm text-slate-700">
        {left === 1 ? 'You can download 1 more time' : `You can download ${left} more times`} in the next {EXPORT_WINDOW_HOURS} hours. We email you each time, and it shows in your account activity under Security.
      </p>
    </div>
  );
}
