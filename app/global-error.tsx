'use client';

/** Last resort when the root layout itself fails. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
        <main>
          <h1>Something went wrong on our side</h1>
          <p>Please try again in a moment.{error.digest ? ` Reference: ${error.digest}` : ''}</p>
        </main>
      </body>
    </html>
  );
}
