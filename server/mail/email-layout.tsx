import 'server-only';
import { Body, Container, Head, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';

export interface EmailLink {
  label: string;
  url: string;
}

export interface EmailLayoutProps {
  subject: string;
  paragraphs: string[];
  action?: EmailLink;
  /** Small print under the signature: why you get this and, for promotional mail, the visible unsubscribe link. */
  footer?: { text: string; links: EmailLink[] };
}

// Inline styles only: mail clients drop <style> blocks and ignore classes. Sizes stay readable (16px body, 14px small print) and contrast meets WCAG AA.
const body = { backgroundColor: '#f4f4f5', margin: 0, padding: '24px 0', fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif', color: '#111827' };
const container = { backgroundColor: '#ffffff', maxWidth: '560px', margin: '0 auto', padding: '24px 28px', borderRadius: '8px' };
const paragraph = { fontSize: '16px', lineHeight: '24px', margin: '0 0 16px' };
const button = { display: 'inline-block', backgroundColor: '#1d4ed8', color: '#ffffff', fontSize: '16px', fontWeight: 600, textDecoration: 'none', padding: '12px 20px', borderRadius: '6px' };
const small = { fontSize: '14px', lineHeight: '20px', color: '#4b5563', margin: '0 0 8px' };
const footerLink = { color: '#1d4ed8', textDecoration: 'underline' };

/**
 * The one layout every email uses. React escapes every string it renders, so
 * text from users (names, reasons) cannot inject markup. The action is a plain
 * link styled as a button (a real <a>, readable by screen readers and in
 * clients that strip styles), with its address spelled out beneath for clients
 * that block links.
 */
export function EmailLayout({ subject, paragraphs, action, footer }: EmailLayoutProps) {
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <title>{subject}</title>
        <meta name="color-scheme" content="light" />
      </Head>
      <Preview>{paragraphs[0] ?? subject}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Section>
            {paragraphs.map((p, i) => (
              <Text key={i} style={paragraph}>
                {p}
              </Text>
            ))}
            {action ? (
              <>
                <Text style={paragraph}>
                  <Link href={action.url} style={button}>
                    {action.label}
                  </Link>
                </Text>
                <Text style={small}>
                  Or copy this address into your browser: <span style={{ wordBreak: 'break-all' }}>{action.url}</span>
                </Text>
              </>
            ) : null}
          </Section>
          <Hr style={{ borderColor: '#e5e7eb', margin: '24px 0 16px' }} />
          <Section>
            <Text style={{ ...small, fontWeight: 600, color: '#374151' }}>Account Center</Text>
            {footer ? (
              <Text style={small}>
                {footer.text}{' '}
                {footer.links.map((l, i) => (
                  <span key={l.url}>
                    {i > 0 ? ' · ' : null}
                    <Link href={l.url} style={footerLink}>
                      {l.label}
                    </Link>
                  </span>
                ))}
              </Text>
            ) : null}
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
