import { z } from 'zod';
import { POLICY_DOC_ID, POLICY_SCOPE, type PolicyDoc } from '../../auth/model.ts';
import { CallboardError } from '../../errors.ts';
import { grant, procedure } from '../procedure.ts';
import { id, name } from '../schemas.ts';
import { findUser } from './policy.ts';

export const tokenProcedures = {
  'tokens.create': procedure({
    name: 'tokens.create',
    description: 'Creates an API token for a user (shown once; only its hash is kept).',
    kind: 'mutation',
    input: z.object({ user: z.string().trim().min(1).max(320), name: name.default('API token') }).strict(),
    permission: grant('policy.manage', POLICY_SCOPE),
    handler: (input, ctx) => {
      const user = findUser(ctx.store.doc<PolicyDoc>(POLICY_DOC_ID), input.user);
      if (!user) throw new CallboardError('not_found', `No user "${input.user}"`, { field: 'user' });
      const { token, info } = ctx.services.tokens.create(user.id, input.name);
      ctx.audit({ target: `token:${info.id}`, summary: `Created API token "${input.name}" for ${user.name}` });
      return { token, ...info };
    },
  }),
  'tokens.list': procedure({
    name: 'tokens.list',
    description: 'API tokens (never their values).',
    kind: 'query',
    input: z.object({ userId: id.optional() }).strict(),
    permission: grant('policy.manage', POLICY_SCOPE),
    handler: (input, ctx) => ctx.services.tokens.list(input.userId),
  }),
  'tokens.revoke': procedure({
    name: 'tokens.revoke',
    description: 'Revokes an API token; calls made with it are refused from then on.',
    kind: 'mutation',
    input: z.object({ id }).strict(),
    permission: grant('policy.manage', POLICY_SCOPE),
    handler: (input, ctx) => {
      if (!ctx.services.tokens.revoke(input.id)) {
        throw new CallboardError('not_found', `No active token ${input.id}`, { field: 'id' });
      }
      ctx.audit({ target: `token:${input.id}`, summary: `Revoked API token ${input.id}` });
      return { revoked: input.id };
    },
  }),
};
