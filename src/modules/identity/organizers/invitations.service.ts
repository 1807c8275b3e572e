import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { AppError, conflict, forbidden, notFound } from '../../../platform/http/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { normalizeEmail } from '../accounts/accounts.service.js';
import type { IdentityContext } from '../identity.context.js';
import { organizerInvitations } from '../identity.tables.js';
import { memberRole, upsertMember } from './organizers.repository.js';
import { assertCanManage, authorizeMember } from './organizers.service.js';
import { hashToken, randomToken } from '../sessions/tokens.js';
import { findUserById } from '../accounts/users.repository.js';
import type { OrganizerRole } from '../identity.schemas.js';
import { IDENTITY_ERRORS } from '../identity.errors.js';

const INVITATION_TTL_DAYS = 7;

type InvitationRow = typeof organizerInvitations.$inferSelect;

export function toInvitation(row: InvitationRow) {
  return {
    id: row.id,
    organizerId: row.organizerId,
    email: row.email,
    role: row.role as OrganizerRole,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Invites `email` into the team; the token travels only in the email, queued
 * in the same transaction so no invitation exists without its message.
 */
export async function inviteMember(
  ctx: IdentityContext,
  principal: Principal,
  organizerId: string,
  input: { email: string; role: OrganizerRole },
) {
  const { platform } = ctx;
  const token = randomToken();
  return platform.database.transaction(async (tx) => {
    const { organizer, role } = await authorizeMember(tx, principal, organizerId, 'manager');
    assertCanManage(role, [input.role]);
    const email = normalizeEmail(input.email);
    const [row] = await tx
      .insert(organizerInvitations)
      .values({
        organizerId,
        email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedBy: principal.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
      })
      .returning();
    const inviter = await findUserById(tx, principal.userId);
    const link = `${platform.config.publicBaseUrl}/organizer-invitations/accept?token=${encodeURIComponent(token)}`;
    const who = inviter?.name ?? 'A team member';
    await platform.mail.enqueue(tx, {
      to: email,
      subject: `You are invited to join ${organizer.name} on Marquee`,
      text: `${who} invited you to join ${organizer.name} as ${input.role}.\n\nAccept the invitation (sign in or create an account with this email address first):\n${link}\n\nThe invitation expires in ${INVITATION_TTL_DAYS} days. If you did not expect it, ignore this email.\n`,
      html: `<p>${escapeHtml(who)} invited you to join <strong>${escapeHtml(organizer.name)}</strong> as ${input.role}.</p><p><a href="${escapeHtml(link)}">Accept the invitation</a> (sign in or create an account with this email address first).</p><p>The invitation expires in ${INVITATION_TTL_DAYS} days. If you did not expect it, ignore this email.</p>`,
    });
    return row!;
  });
}

export async function pendingInvitations(
  ctx: IdentityContext,
  principal: Principal,
  organizerId: string,
) {
  return ctx.platform.database.transaction(async (tx) => {
    await authorizeMember(tx, principal, organizerId, 'manager');
    return tx
      .select()
      .from(organizerInvitations)
      .where(
        and(
          eq(organizerInvitations.organizerId, organizerId),
          isNull(organizerInvitations.acceptedAt),
          gt(organizerInvitations.expiresAt, sql`now()`),
        ),
      )
      .orderBy(desc(organizerInvitations.createdAt));
  });
}

export async function cancelInvitation(
  ctx: IdentityContext,
  principal: Principal,
  organizerId: string,
  invitationId: string,
): Promise<void> {
  await ctx.platform.database.transaction(async (tx) => {
    await authorizeMember(tx, principal, organizerId, 'manager');
    const rows = await tx
      .delete(organizerInvitations)
      .where(
        and(
          eq(organizerInvitations.id, invitationId),
          eq(organizerInvitations.organizerId, organizerId),
          isNull(organizerInvitations.acceptedAt),
        ),
      )
      .returning({ id: organizerInvitations.id });
    if (rows.length === 0) throw notFound('The invitation', IDENTITY_ERRORS.invitationNotFound);
  });
}

const invalidInvitation = () =>
  new AppError(
    IDENTITY_ERRORS.invitationInvalid,
    404,
    'The invitation is unknown, expired or already used.',
  );

/** Accepts an invitation: once, before it expires, by the verified owner of the invited email. */
export async function acceptInvitation(ctx: IdentityContext, principal: Principal, token: string) {
  return ctx.platform.database.transaction(async (tx) => {
    const [invitation] = await tx
      .select()
      .from(organizerInvitations)
      .where(eq(organizerInvitations.tokenHash, hashToken(token)))
      .for('update');
    if (!invitation || invitation.acceptedAt || invitation.expiresAt.getTime() <= Date.now()) {
      throw invalidInvitation();
    }
    const user = await findUserById(tx, principal.userId);
    if (!user || normalizeEmail(user.email) !== normalizeEmail(invitation.email)) {
      throw forbidden(
        'This invitation was sent to another email address.',
        IDENTITY_ERRORS.invitationEmailMismatch,
      );
    }
    if (!user.emailVerifiedAt) {
      throw forbidden(
        'Verify your email address before accepting the invitation.',
        IDENTITY_ERRORS.emailNotVerified,
      );
    }
    if (await memberRole(tx, invitation.organizerId, user.id)) {
      throw conflict(IDENTITY_ERRORS.alreadyMember, 'You are already a member of this organizer.');
    }
    await upsertMember(tx, invitation.organizerId, user.id, invitation.role as OrganizerRole);
    await tx
      .update(organizerInvitations)
      .set({ acceptedAt: sql`now()`, acceptedBy: user.id })
      .where(eq(organizerInvitations.id, invitation.id));
    return { organizerId: invitation.organizerId, role: invitation.role as OrganizerRole };
  });
}
