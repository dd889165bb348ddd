import { Socket } from 'node:net';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\]|::ffff:127(?:\.\d{1,3}){3})$/i;

/**
 * Makes every outgoing TCP connection of this process to an address other than
 * the loopback fail at once. Tests install it so that an SDK which would
 * quietly reach for the network (credentials, metadata server, the real API)
 * fails loudly instead. Returns a function that removes the guard.
 */
export function allowOnlyLoopback(): () => void {
  const original = Socket.prototype.connect;
  // biome-ignore lint/suspicious/noExplicitAny: connect has several overloads; the guard forwards them untouched.
  Socket.prototype.connect = function guardedConnect(this: Socket, ...args: any[]) {
    const host = hostOf(args);
    if (host !== undefined && !LOOPBACK.test(host)) {
      const err = new Error(
        `Connection to '${host}' blocked: tests may only talk to servers they start on 127.0.0.1.`,
      );
      process.nextTick(() => this.destroy(err));
      return this;
    }
    return original.apply(this, args as never);
  } as typeof original;
  return () => {
    Socket.prototype.connect = original;
  };
}

/** The host a `connect(...)` call aims at; undefined for a local socket path. */
function hostOf(args: unknown[]): string | undefined {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first !== null && typeof first === 'object') {
    const opts = first as { host?: string; path?: string };
    if (opts.path !== undefined) return undefined;
    return opts.host ?? 'localhost';
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined;
  return typeof args[1] === 'string' ? args[1] : 'localhost';
}
