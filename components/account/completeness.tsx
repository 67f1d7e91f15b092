'use client';
import { PROFILE_FIELDS, type ProfileField } from '@/lib/validation/profile-fields';
import { Card } from '@/components/ui/card';

/** How complete the profile is, with each missing detail a link that focuses its input. */
export function Completeness({ filled, total, missing, fieldIdPrefix }: { filled: number; total: number; missing: ProfileField[]; fieldIdPrefix: string }) {
  const percent = Math.round((filled / total) * 100);
  return (
    <Card id="completeness" title={<>Profile {percent}% complete</>}>
      <div role="progressbar" aria-label="Profile completeness" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="mt-3 h-3 overflow-hidden rounded-full bg-slate-200">
        <div className="h-full rounded-full bg-brand-700" style={{ width: `${percent}%` }} />
      </div>
      {missing.length > 0 ? (
        <>
          <p className="mt-3 text-slate-700">Add these if you want to (all are optional but your full name):</p>
          <ul className="mt-2 flex flex-wrap gap-2">
            {missing.map((f) => (
              <li key={f}>
                <a
                  href={`#${fieldIdPrefix}${f}`}
                  onClick={(e) => {
                    const input = document.getElementById(`${fieldIdPrefix}${f}`);
                    if (!input) return;
                    e.preventDefault();
                    input.scrollIntoView({ block: 'center' });
                    input.focus();
                  }}
                  className="inline-flex min-h-11 items-center rounded-full border border-slate-300 px-3 text-brand-700 underline-offset-2 hover:underline"
                >
                  {PROFILE_FIELDS[f].label}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="mt-3 text-slate-700">Everything is filled in. Thank you.</p>
      )}
    </Card>
  );
}
