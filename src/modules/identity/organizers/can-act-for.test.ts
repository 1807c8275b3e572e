import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import {
  addOrganizerMember,
  createOrganizer,
  createUser,
} from '../../../../test/fixtures/identity.js';
import type { Principal } from '../../../platform/http/principal.js';
import { canActFor } from './organizers.service.js';

const ctx = await useTestApp();
const { db } = ctx.platform.database;

const principal = (userId: string, roles: string[] = ['attendee']): Principal => ({
  userId,
  roles,
  emailVerified: true,
});

describe('canActFor: the one rule for acting for an organizer', () => {
  it('ranks staff < manager < owner, lets admins act for any organizer and nobody anonymous', async () => {
    const owner = await createUser(ctx, { roles: ['organizer'] });
    const staff = await createUser(ctx);
    const stranger = await createUser(ctx);
    const org = await createOrganizer(ctx, owner);
    await addOrganizerMember(ctx, org.id, staff.id, 'staff');

    expect(await canActFor(db, principal(owner.id), org.id, 'owner')).toBe(true);
    expect(await canActFor(db, principal(staff.id), org.id, 'staff')).toBe(true);
    expect(await canActFor(db, principal(staff.id), org.id, 'manager')).toBe(false);
    expect(await canActFor(db, principal(stranger.id), org.id, 'staff')).toBe(false);
    expect(await canActFor(db, principal(stranger.id, ['admin']), org.id, 'owner')).toBe(true);
    expect(await canActFor(db, null, org.id, 'staff')).toBe(false);
  });
});
