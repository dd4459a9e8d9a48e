// Who may talk to the bridge: the bearer token (compared in constant time), and the Origin/Host checks
// that keep other web pages in the same browser (CSRF, DNS rebinding) away from the API.
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares through SHA-256 digests: `timingSafeEqual` needs equal lengths, and comparing digests keeps
 * both the content and the length of the token out of the timing.
 */
export function createTokenCheck(token: string): (candidate: string | undefined) => boolean {
  const expected = digest(token);
  return (candidate) => candidate !== undefined && timingSafeEqual(digest(candidate), expected);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The token of `Authorization: Bearer <token>`; undefined for any other header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** The origins (and Host headers) a page served by this bridge itself has. */
export function ownOrigins(port: number): { origins: Set<string>; hosts: Set<string> } {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return { hosts, origins: new Set([...hosts].map((host) => `http://${host}`)) };
}
