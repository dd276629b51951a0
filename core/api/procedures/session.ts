import { CallboardError } from '../../errors.ts';
import { POLICY_DOC_ID, type PolicyDoc } from '../../auth/model.ts';
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
};
