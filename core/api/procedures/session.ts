import { CallboardError } from '../../errors.ts';
import { POLICY_DOC_ID, type PolicyDoc } from '../../auth/model.ts';
import { z } from 'zod';
import { checkPassword, hashPassword, verifyPassword } from '../../auth/passwords.ts';
import { authenticated, procedure } from '../procedure.ts';
import { empty } from '../schemas.ts';

export const sessionProcedures = {
  'session.whoami': procedure({
    name: 'session.whoami',
    description: 'The signed-in user, their roles and the device the call came from.',
    kind: 'query',
    input: empty,
    permission: authenticated,
    handler: (_input, ctx) => {
      const user = ctx.store.doc<PolicyDoc>(POLICY_DOC_ID).users[ctx.principal.userId];
      if (!user) throw new CallboardError('not_found', 'Your user record is missing');
      return {
        user: { id: user.id, name: user.name, email: user.email, roles: [...user.roles], status: user.status },
        deviceId: ctx.principal.deviceId,
        via: ctx.principal.via,
      };
    },
  }),
  'session.setPassword': procedure({
    name: 'session.setPassword',
    description: 'Changes your own sign-in password on this device (give the current one if you have one).',
    kind: 'mutation',
    input: z.object({ currentPassword: z.string().max(1024).optional(), newPassword: z.string().min(1).max(1024) }).strict(),
    permission: authenticated,
    prepare: async (input, ctx) => {
      const stored = ctx.services.passwords.get(ctx.principal.userId);
      if (stored && !(input.currentPassword !== undefined && (await verifyPassword(input.currentPassword, stored)))) {
        throw new CallboardError('forbidden', 'The current password is wrong', { field: 'currentPassword' });
      }
      return hashPassword(checkPassword(input.newPassword));
    },
    handler: (_input, ctx, hash) => {
      ctx.services.passwords.set(ctx.principal.userId, hash);
      ctx.audit({ target: `user:${ctx.principal.userId}`, summary: 'Changed their own sign-in password' });
      return { passwordSet: true };
    },
  }),
};
