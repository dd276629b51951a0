import { isIP } from 'node:net';
import { invalid } from '../errors.ts';

/**
 * Sign-in through a reverse proxy or SSO gateway that puts the authenticated user in
 * request headers. The headers are believed only when the request's remote address is one
 * of `trustedProxies` (exact IP addresses; IPv4-mapped IPv6 forms are matched as IPv4);
 * from anywhere else they are refused, so a client cannot name itself. Groups map to
 * Callboard roles through `groupRoleMap`; unmapped groups give nothing.
 */
export interface ProxyAuthConfig {
  trustedProxies: string[];
  userHeader: string;
  emailHeader: string;
  groupsHeader: string;
  groupRoleMap: Record<string, string[]>;
}

export type HeaderValue = string | string[] | undefined;

export interface ProxyRequest {
  remoteAddress: string | undefined;
  headers: Readonly<Record<string, HeaderValue>>;
}

export interface ProxyIdentity {
  user: string;
  email: string | undefined;
  groups: string[];
  /** Callboard role ids from the group mapping, sorted, each once. */
  roles: string[];
}

export type ProxyResult =
  | { ok: true; identity: ProxyIdentity }
  | { ok: false; reason: 'untrusted_source' | 'missing_user' | 'bad_header'; message: string };

export type ProxyAuthenticator = (req: ProxyRequest) => ProxyResult;

const USER_RE = /^(?=.*\S)[^\u0000-\u001f\u007f]{1,256}$/;
const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

function normalizeIp(address: string): string {
  const lower = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  return mapped ? (mapped[1] as string) : lower;
}

function headerName(name: string, field: string): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9-]+$/.test(name)) throw invalid(`${field} must be an HTTP header name`, { field });
  return name.toLowerCase();
}

/** Validates the configuration once; throws `invalid` naming the bad field. */
export function createProxyAuthenticator(config: ProxyAuthConfig): ProxyAuthenticator {
  const trusted = new Set<string>();
  config.trustedProxies.forEach((ip, i) => {
    if (typeof ip !== 'string' || isIP(normalizeIp(ip)) === 0) throw invalid(`trustedProxies[${i}] must be an IP address`, { field: `trustedProxies[${i}]` });
    trusted.add(normalizeIp(ip));
  });
  const userHeader = headerName(config.userHeader, 'userHeader');
  const emailHeader = headerName(config.emailHeader, 'emailHeader');
  const groupsHeader = headerName(config.groupsHeader, 'groupsHeader');
  const groupRoleMap = new Map(Object.entries(config.groupRoleMap).map(([g, roles]) => [g, [...roles]]));

  return (req) => {
    if (req.remoteAddress === undefined || !trusted.has(normalizeIp(req.remoteAddress))) {
      return { ok: false, reason: 'untrusted_source', message: `Requests from ${req.remoteAddress ?? 'an unknown address'} cannot sign in through proxy headers` };
    }
    const headers = new Map(Object.entries(req.headers).map(([k, val]) => [k.toLowerCase(), val]));
    const userValue = headers.get(userHeader);
    if (Array.isArray(userValue)) return { ok: false, reason: 'bad_header', message: `The ${userHeader} header appears more than once` };
    const user = userValue?.trim();
    if (!user) return { ok: false, reason: 'missing_user', message: `The proxy sent no ${userHeader} header` };
    if (!USER_RE.test(user)) return { ok: false, reason: 'bad_header', message: `The ${userHeader} header is not a user name` };

    const emailValue = headers.get(emailHeader);
    if (Array.isArray(emailValue)) return { ok: false, reason: 'bad_header', message: `The ${emailHeader} header appears more than once` };
    const email = emailValue?.trim() || undefined;
    if (email !== undefined && !EMAIL_RE.test(email)) return { ok: false, reason: 'bad_header', message: `The ${emailHeader} header is not an e-mail address` };

    const groupsValue = headers.get(groupsHeader);
    const rawGroups = (Array.isArray(groupsValue) ? groupsValue : [groupsValue ?? '']).flatMap((h) => h.split(','));
    const groups = [...new Set(rawGroups.map((g) => g.trim()).filter((g) => g !== ''))];
    const roles = [...new Set(groups.flatMap((g) => groupRoleMap.get(g) ?? []))].sort();
    return { ok: true, identity: { user, email, groups, roles } };
  };
}
