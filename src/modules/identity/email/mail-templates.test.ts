import { describe, expect, it } from 'vitest';
import {
  buildLink,
  emailChangeApprovalMail,
  emailChangeMail,
  emailChangeRequestedMail,
  escapeHtml,
  maskEmail,
  organizerInvitationMail,
  passwordChangedMail,
  passwordResetMail,
  verificationMail,
  welcomeMail,
} from './mail-templates.js';

const BASE = 'https://events.example.org/app/';
const HOSTILE = `<script>alert("x")</script> & 'quotes'`;

describe('mail templates', () => {
  it('escapes every HTML-special character', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('builds links under PUBLIC_BASE_URL with encoded parameters', () => {
    expect(buildLink(BASE, '/verify-email', { token: 'a b&c' })).toBe(
      'https://events.example.org/app/verify-email?token=a+b%26c',
    );
    expect(buildLink('http://localhost:3000', '/', {})).toBe('http://localhost:3000/');
  });

  const all = [
    verificationMail(BASE, { to: 'ann@example.org', name: HOSTILE }, 'tok_123'),
    welcomeMail(BASE, { to: 'ann@example.org', name: HOSTILE }),
    passwordResetMail(BASE, { to: 'ann@example.org', name: HOSTILE }, 'tok_456'),
    passwordChangedMail(BASE, { to: 'ann@example.org', name: HOSTILE }),
    emailChangeMail(BASE, { to: 'ann.new@example.org', name: HOSTILE }, 'tok_abc'),
    emailChangeRequestedMail(
      BASE,
      { to: 'ann@example.org', name: HOSTILE },
      'ann.new@example.org',
      'tok_def',
    ),
    emailChangeApprovalMail(
      BASE,
      { to: 'ann@example.org', name: HOSTILE },
      'ann.new@example.org',
      'tok_ghi',
    ),
    organizerInvitationMail(BASE, {
      to: 'bob@example.org',
      organizerName: HOSTILE,
      inviterName: HOSTILE,
      role: 'manager',
      token: 'tok_789',
    }),
  ];

  it.each(all.map((mail) => [mail.subject, mail]))(
    '"%s" has both parts, no raw user markup in HTML, and a one-line subject',
    (_subject, mail) => {
      expect(mail.text.length).toBeGreaterThan(20);
      expect(mail.html).toMatch(/^<!doctype html>/);
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).toContain(
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;',
      );
      expect(mail.subject).not.toMatch(/[\r\n<]/);
      expect(mail.text).toContain(HOSTILE);
    },
  );

  it('puts the token link in text and HTML', () => {
    const [verify, , reset, , change, notice, approval, invite] = all;
    expect(verify!.text).toContain('https://events.example.org/app/verify-email?token=tok_123');
    expect(verify!.html).toContain(
      'href="https://events.example.org/app/verify-email?token=tok_123"',
    );
    expect(reset!.text).toContain('https://events.example.org/app/reset-password?token=tok_456');
    expect(reset!.text).toContain('60 minutes');
    expect(invite!.text).toContain('/invitations/accept?token=tok_789');
    expect(invite!.to).toBe('bob@example.org');
    expect(change!.text).toContain(
      'https://events.example.org/app/confirm-email-change?token=tok_abc',
    );
    expect(change!.to).toBe('ann.new@example.org');
    // The old address learns that a change was asked for, not the full new address.
    expect(notice!.text).toContain('a***@example.org');
    expect(notice!.text).not.toContain('ann.new@');
    // ...and how to stop it: a one-time cancel link, and where to reset the password.
    expect(notice!.text).toContain(
      'https://events.example.org/app/cancel-email-change?token=tok_def',
    );
    expect(notice!.text).toContain('https://events.example.org/app/forgot-password');
    // An approval names the full address, so the owner approves exactly that one.
    expect(approval!.to).toBe('ann@example.org');
    expect(approval!.text).toContain('ann.new@example.org');
    expect(approval!.text).toContain(
      'https://events.example.org/app/approve-email-change?token=tok_ghi',
    );
  });

  it('masks an address down to its first character and domain', () => {
    expect(maskEmail('ann.new@example.org')).toBe('a***@example.org');
    expect(maskEmail('x@y.z')).toBe('x***@y.z');
    expect(maskEmail('@nolocal')).toBe('***');
  });

  it('keeps a multi-line name on one line', () => {
    const mail = welcomeMail(BASE, { to: 'a@example.org', name: 'Ann\r\nBcc: evil@example.org' });
    expect(mail.text.split('\n')[0]).toBe('Hello Ann Bcc: evil@example.org,');
  });
});
