import type { MailMessage } from '../../../platform/mail/mail.js';
import {
  buildLink,
  escapeHtml,
  oneLine,
  PRODUCT,
  renderMail as render,
} from '../../../platform/mail/layout.js';

/**
 * The identity module's emails as pure functions: every one returns a text and
 * an HTML part, builds links from PUBLIC_BASE_URL, and HTML-escapes every
 * interpolated value (names and organizer names are user input).
 */

export { buildLink, escapeHtml };

export interface Recipient {
  /** Email address. */
  to: string;
  name?: string;
}

/** Asks a new user to confirm their address; the link carries the one-time token. */
export function verificationMail(
  baseUrl: string,
  recipient: Recipient,
  token: string,
  validHours = 24,
): MailMessage {
  return render({
    to: recipient.to,
    subject: `Confirm your email address for ${PRODUCT}`,
    greetingName: recipient.name,
    paragraphs: [
      `Please confirm that ${recipient.to} is your email address.`,
      `The link works once and expires in ${validHours} hours.`,
    ],
    action: { label: 'Confirm email address', url: buildLink(baseUrl, '/verify-email', { token }) },
    footer: 'If you did not create an account, you can ignore this message.',
  });
}

/** Greets a newly registered user. */
export function welcomeMail(baseUrl: string, recipient: Recipient): MailMessage {
  return render({
    to: recipient.to,
    subject: `Welcome to ${PRODUCT}`,
    greetingName: recipient.name,
    paragraphs: [
      `Your ${PRODUCT} account is ready. Discover events near you, get tickets and follow the organizers you like.`,
    ],
    action: { label: `Open ${PRODUCT}`, url: buildLink(baseUrl, '/', {}) },
  });
}

/** Carries a one-time password reset link. */
export function passwordResetMail(
  baseUrl: string,
  recipient: Recipient,
  token: string,
  validMinutes = 60,
): MailMessage {
  return render({
    to: recipient.to,
    subject: `Reset your ${PRODUCT} password`,
    greetingName: recipient.name,
    paragraphs: [
      'Someone asked to reset the password of your account. If it was you, choose a new password with the link below.',
      `The link works once and expires in ${validMinutes} minutes. Resetting signs you out on every device.`,
    ],
    action: {
      label: 'Choose a new password',
      url: buildLink(baseUrl, '/reset-password', { token }),
    },
    footer: 'If you did not ask for this, ignore this message: your password stays as it is.',
  });
}

/** Tells the owner their password changed, so an unexpected change gets noticed. */
export function passwordChangedMail(baseUrl: string, recipient: Recipient): MailMessage {
  return render({
    to: recipient.to,
    subject: `Your ${PRODUCT} password was changed`,
    greetingName: recipient.name,
    paragraphs: [
      'The password of your account was just changed.',
      'If you did not do this, reset your password now and review your active sessions.',
    ],
    action: { label: 'Reset password', url: buildLink(baseUrl, '/forgot-password', {}) },
  });
}

/** Tells the owner that many sign-ins with a wrong password were tried on their account. */
export function signInFailuresMail(
  baseUrl: string,
  recipient: Recipient,
  failures: number,
): MailMessage {
  return render({
    to: recipient.to,
    subject: `Failed sign-in attempts on your ${PRODUCT} account`,
    greetingName: recipient.name,
    paragraphs: [
      `Someone tried to sign in to your account with a wrong password ${failures} times in the last few minutes.`,
      'Your account is not locked: you can still sign in with your password, possibly after a short wait. If these attempts were not yours, choose a new, unique password.',
    ],
    action: { label: 'Choose a new password', url: buildLink(baseUrl, '/forgot-password', {}) },
    footer: 'If it was you and you remember your password now, you can ignore this message.',
  });
}

/** `ann@example.org` as `a***@example.org`: enough to recognise, not to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** Sent to the address an account wants to move to; the link carries the one-time token. */
export function emailChangeMail(
  baseUrl: string,
  recipient: Recipient,
  token: string,
  validHours = 24,
): MailMessage {
  return render({
    to: recipient.to,
    subject: `Confirm your new email address for ${PRODUCT}`,
    greetingName: recipient.name,
    paragraphs: [
      `Please confirm that ${recipient.to} should become the email address of your ${PRODUCT} account.`,
      `Until you confirm, your account keeps its current address. The link works once and expires in ${validHours} hours.`,
    ],
    action: {
      label: 'Confirm new email address',
      url: buildLink(baseUrl, '/confirm-email-change', { token }),
    },
    footer: 'If you did not ask for this, ignore this message: nothing changes.',
  });
}

/**
 * Tells the current address that a move to another one was requested, with a
 * one-time link that cancels it (the token) and a pointer to a password reset.
 */
export function emailChangeRequestedMail(
  baseUrl: string,
  recipient: Recipient,
  newEmail: string,
  token: string,
  validHours = 24,
): MailMessage {
  return render({
    to: recipient.to,
    subject: `A change of your ${PRODUCT} email address was requested`,
    greetingName: recipient.name,
    paragraphs: [
      `Someone asked to change the email address of your account to ${maskEmail(newEmail)}. The change takes effect only when that address confirms it.`,
      `If it was you, there is nothing to do here. If it was not, cancel the change with the link below (it works once, for ${validHours} hours), then reset your password, as whoever asked knew it or was signed in as you: ${buildLink(baseUrl, '/forgot-password', {})}`,
    ],
    action: {
      label: 'Cancel this change',
      url: buildLink(baseUrl, '/cancel-email-change', { token }),
    },
  });
}

/**
 * Asks the current address to approve a move requested without proof that it
 * came from the owner (the legacy app edits users without a token). The full
 * new address is shown: a masked one could hide a look-alike an attacker asked
 * for right after the owner's own request.
 */
export function emailChangeApprovalMail(
  baseUrl: string,
  recipient: Recipient,
  newEmail: string,
  token: string,
  validHours = 24,
): MailMessage {
  return render({
    to: recipient.to,
    subject: `Approve the change of your ${PRODUCT} email address`,
    greetingName: recipient.name,
    paragraphs: [
      `Someone asked to change the email address of your account to ${newEmail}.`,
      `Nothing changes unless you approve. Then we send a confirmation link to ${newEmail}, and your account moves to it when that link is opened. The approval link works once and expires in ${validHours} hours.`,
    ],
    action: {
      label: 'Approve the change',
      url: buildLink(baseUrl, '/approve-email-change', { token }),
    },
    footer: `If you did not ask for this, ignore this message: your account keeps ${recipient.to}.`,
  });
}

/** Invites someone to join an organizer team; the link carries the invitation token. */
export function organizerInvitationMail(
  baseUrl: string,
  invitation: {
    to: string;
    organizerName: string;
    inviterName?: string;
    role: string;
    token: string;
    validDays?: number;
  },
): MailMessage {
  const inviter = invitation.inviterName ? oneLine(invitation.inviterName) : 'A team member';
  return render({
    to: invitation.to,
    subject: `You are invited to join an organizer team on ${PRODUCT}`,
    paragraphs: [
      `${inviter} invited you to join "${oneLine(invitation.organizerName)}" as ${invitation.role}.`,
      `The invitation expires in ${invitation.validDays ?? 7} days.`,
    ],
    action: {
      label: 'Accept invitation',
      url: buildLink(baseUrl, '/invitations/accept', { token: invitation.token }),
    },
    footer: 'If you do not know this organizer, you can ignore this message.',
  });
}
