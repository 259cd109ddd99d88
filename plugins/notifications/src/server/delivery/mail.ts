import nodemailer from 'nodemailer';
import type { NotificationSettings } from '../settings.ts';
import { officeLink } from '../settings.ts';

/** One notification as an email lists it. */
export interface MailItem {
  readonly title: string;
  readonly body: string;
  readonly linkPath: string;
  readonly createdAt: string;
}

/** An email ready to send: both parts, and the link(s) into the office. */
export interface Mail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const escape = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

/** One notification's email: its title as the subject, what happened, and a link to the office page. */
export function singleMail(settings: NotificationSettings, item: MailItem): Mail {
  const link = officeLink(settings, item.linkPath);
  return {
    subject: item.title,
    text: `${item.body}\n\nOpen in the back office: ${link}\n`,
    html: `<p>${escape(item.body)}</p><p><a href="${escape(link)}">Open in the back office</a></p>`,
  };
}

/** A digest: every notification a rule raised in the hour, one line and link each. */
export function digestMail(settings: NotificationSettings, ruleTitle: string, items: readonly MailItem[]): Mail {
  const lines = items.map((item) => ({ ...item, link: officeLink(settings, item.linkPath) }));
  const subject = `${ruleTitle}: ${items.length} notification${items.length === 1 ? '' : 's'} in the last hour`;
  return {
    subject,
    text: `${subject}\n\n${lines.map((l) => `- ${l.title}\n  ${l.body}\n  ${l.link}`).join('\n\n')}\n`,
    html: `<h1>${escape(subject)}</h1><ul>${lines
      .map(
        (l) =>
          `<li><p><strong>${escape(l.title)}</strong><br>${escape(l.body)}</p><p><a href="${escape(l.link)}">Open in the back office</a></p></li>`,
      )
      .join('')}</ul>`,
  };
}

/** Why mail cannot go out yet, in words for the merchant; undefined when the SMTP settings are complete. */
export function smtpMissing(settings: NotificationSettings): string | undefined {
  const smtp = settings.smtp;
  if (!smtp?.host) return 'No SMTP host is set: fill in Outgoing mail under Settings → Notifications.';
  if (!smtp.from) return 'No From address is set for outgoing mail.';
  return undefined;
}

/** Sends `mail` to `to` through the tenant's SMTP account (nodemailer); rejects with the server's words. */
export async function sendMail(settings: NotificationSettings, to: readonly string[], mail: Mail): Promise<{ messageId: string }> {
  const smtp = settings.smtp!;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port ?? 587,
    secure: smtp.secure ?? false,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    const info = await transport.sendMail({ from: smtp.from, to: [...to], subject: mail.subject, text: mail.text, html: mail.html });
    return { messageId: info.messageId };
  } finally {
    transport.close();
  }
}
