/**
 * The first published version of our privacy policy (seeded once by db/seed.ts).
 * Plain text with light structure: `#` headings, `- ` lists, blank lines
 * between paragraphs (lib/policy-text.ts). Later versions are published by
 * admins at /admin/policy.
 */
export const FIRST_POLICY = {
  version: '2026-11',
  summary: 'First published version of our privacy policy.',
  body: `This policy explains what Account Center keeps about you, why, for how long, and what you can do about it. Everything it promises is something you can see or do in your account.

# What we keep

- Your sign-in details: your username, email address and mobile number. Your password and PIN are never stored as you typed them; we keep only a one-way hash that cannot be turned back into the secret.
- Your profile: the details you choose to give us, such as your name, address, company, language and time zone. We record when a detail changed, but not its old value.
- Your purchases: what you bought and when. For a payment card we keep only its brand and last four digits.
- Your choices about email, and the history of every change to them.

# Signing in and your login history

Each time someone signs in to your account, or tries to, we record the time, the IP address and the kind of device and browser. You can see this history on the Security page, together with the devices that are signed in now, and sign any of them out. We keep the login history for 90 days and then delete it.

Sessions end after a period without activity and always after 12 hours. Sign out when you leave a shared computer, and keep your password and PIN to yourself: we will never ask you for them.

# IP addresses and server logs

Our servers record each request with its IP address so that we can find and fix problems and protect the service from abuse, such as repeated wrong passwords. These logs never contain your password, PIN, one-time codes or the content of our emails.

# Anonymous statistics

To learn which pages are useful, we count page views without knowing who you are: the page, roughly how long it was open, the kind of site you came from (for example a .com or .org address) and whether you used a phone or a computer. We do not store your IP address, your account or a cookie with these counts. If your browser sends Do Not Track or Global Privacy Control, we count nothing at all.

# Email from us

Some messages are part of the service and you will get them for as long as you have an account: receipts, changes to your account, security alerts and changes to this policy. To stop them, delete your account.

Everything else is optional and sent only if you asked for it: product updates, offers and the newsletter. When you sign up these boxes are unticked, and we ask you to confirm a subscription from the email we send before anything else arrives.

- Every optional email has an unsubscribe link, and email apps can unsubscribe you with one click. It takes effect at once.
- You can switch each topic on or off on the Communications page.
- You can ask us not to email you at all except for the service messages above.
- We keep a history of each change to your choices (when, how, and which version of this policy was in force) and show it to you.

We never sell or share your address, and we do not send junk email.

# Downloading your information

You can download everything we hold about you from the "Download or delete" page, in a file you can open or move to another service.

# Deleting your account

You can delete your account from the same page. We wait 14 days before deleting it, in case you change your mind: signing in or following the link in our email cancels the deletion. After that your profile, history and sign-in details are deleted. We keep only what the law requires us to keep, such as records of purchases, and a coded form of your email address so that we never email it again.

# How long we keep things

- Login history: 90 days.
- Anonymous page counts: the raw counts for one day, then only daily totals.
- One-time codes and links: a day after they expire or are used.
- Everything else: while you have an account, then as described under "Deleting your account".

# Who can see your information

Only staff who need to, for example to review a report you sent us. Every time a member of staff looks at or changes your information it is recorded, and you can see that record in your account, with the role of the person and the reason.

# If something we hold is wrong

You can correct most details yourself. If you cannot, report the mistake from your account: staff will review it and answer within 30 days, and you can follow it in your account until it is settled.

# Keeping your information safe

Connections to Account Center are encrypted. Access to our systems is limited to the people who need it and is recorded.

# Changes to this policy

When we change this policy we publish a new version on this page, keep the earlier versions here with a summary of what changed, email you, and ask you to confirm you have seen it the next time you sign in.

# Contact

For anything about your privacy, write to privacy@accountcenter.example or use the help pages in your account.`,
};
