import { z } from 'zod';
import { POLICY_DOC_ID, POLICY_SCOPE, type PolicyDoc, type UserRecord } from '../../auth/model.ts';
import { CallboardError } from '../../errors.ts';
import { grant, procedure } from '../procedure.ts';
import { email, empty, id, name } from '../schemas.ts';
import { newUserId } from '../setup.ts';

function publicUser(u: UserRecord) {
  return { id: u.id, name: u.name, email: u.email, status: u.status, roles: [...u.roles], createdAt: u.createdAt };
}

export function findUser(policy: PolicyDoc, idOrName: string): UserRecord | undefined {
  const direct = policy.users[idOrName];
  if (direct) return direct;
  const needle = idOrName.trim().toLowerCase();
  return Object.values(policy.users).find((u) => u.name.toLowerCase() === needle || u.email.toLowerCase() === needle);
}

export const userProcedures = {
  'users.list': procedure({
    name: 'users.list',
    description: 'Every user of the company with their roles and status.',
    kind: 'query',
    input: empty,
    permission: grant('view', POLICY_SCOPE),
    handler: (_input, ctx) =>
      Object.values(ctx.store.doc<PolicyDoc>(POLICY_DOC_ID).users)
        .map(publicUser)
        .sort((a, b) => a.name.localeCompare(b.name)),
  }),
  'users.create': procedure({
    name: 'users.create',
    description: 'Adds a user (with no roles until some are assigned).',
    kind: 'mutation',
    input: z.object({ name, email }).strict(),
    permission: grant('policy.manage', POLICY_SCOPE),
    handler: (input, ctx) => {
      const policy = ctx.store.doc<PolicyDoc>(POLICY_DOC_ID);
      if (Object.values(policy.users).some((u) => u.email.toLowerCase() === input.email.toLowerCase())) {
        throw new CallboardError('conflict', `A user with email ${input.email} already exists`, { field: 'email' });
      }
      const userId = newUserId();
      const record: UserRecord = { id: userId, name: input.name, email: input.email, status: 'active', roles: [], createdAt: ctx.clock.now() };
      ctx.store.change<PolicyDoc>(POLICY_DOC_ID, (d) => {
        d.users[userId] = record;
      });
      ctx.audit({ target: `user:${userId}`, summary: `Added user ${input.name} <${input.email}>`, after: record });
      return publicUser(record);
    },
  }),
};

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
