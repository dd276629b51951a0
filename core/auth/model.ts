/**
 * The `policy` document: users, roles (with parent roles), grants and enrolled devices.
 * One document, one scope (`policy`); only holders of `policy.manage` change it.
 */
export const POLICY_DOC_ID = 'policy';
export const POLICY_DOC_TYPE = 'policy';
export const POLICY_SCOPE = 'policy';

export type UserStatus = 'active' | 'suspended';
export type Effect = 'allow' | 'deny';

export interface UserRecord {
  id: string;
  name: string;
  email: string;
  status: UserStatus;
  /** Role ids held directly. */
  roles: string[];
  createdAt: number;
}

export interface RoleRecord {
  id: string;
  name: string;
  description: string;
  /** Roles this role inherits every grant from. The graph is a DAG. */
  parents: string[];
  builtIn: boolean;
}

export interface GrantRecord {
  id: string;
  role: string;
  /** A domain action (`content.edit`), `view`, or `*` for every action. */
  action: string;
  /** `*`, `section:costumes`, `production:*`, `directory`, … */
  scope: string;
  effect: Effect;
  createdAt: number;
  createdBy: string;
}

export interface DeviceRecord {
  id: string;
  userId: string;
  name: string;
  publicKey: string;
  enrolledAt: number;
  revokedAt: number | null;
}

export interface PolicyDoc {
  users: Record<string, UserRecord>;
  roles: Record<string, RoleRecord>;
  grants: Record<string, GrantRecord>;
  devices: Record<string, DeviceRecord>;
}

export const ADMIN_ROLE = 'admin';

/** A grant as reported in decisions and audit entries. */
export interface GrantRef {
  id: string;
  role: string;
  action: string;
  scope: string;
  effect: Effect;
  /** The role path through inheritance, from the role the user holds to the granting role. */
  path: string[];
}

export interface Decision {
  allowed: boolean;
  /** One sentence a person can read. */
  reason: string;
  /** The grant that decided (the deny that refused, or the allow that permitted). */
  grant?: GrantRef;
}
