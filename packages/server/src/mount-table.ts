import { checkPath, type Pod } from '@lakota/core';
import { HttpError } from './http-error.js';
import { type Action, isAction } from './protocol.js';

/** A served pod with its own settings. */
export interface Mount {
  pod: Pod;
  /** Refuse writes on this mount only (the server's `readOnly` applies to all). */
  readOnly?: boolean;
}

export interface Route {
  /** Mount name as configured ('' for a pod served at the root). */
  name: string;
  pod: Pod;
  readOnly: boolean;
  action: Action;
}

/**
 * Maps request paths `/<mount>/<action>` to served pods. A mount name is a
 * clean relative path, so `team/prices` serves at `/team/prices/<action>`,
 * and '' serves at `/<action>`.
 */
export class MountTable {
  private readonly mounts = new Map<string, { pod: Pod; readOnly: boolean }>();

  constructor(mounts: Readonly<Record<string, Pod | Mount>>, readOnly: boolean) {
    for (const [rawName, value] of Object.entries(mounts)) {
      const name = rawName.replace(/^\/+|\/+$/g, '');
      checkPath(name);
      if (this.mounts.has(name)) throw new RangeError(`The mount '${name}' is given twice`);
      const mount: Mount = isMount(value) ? value : { pod: value };
      this.mounts.set(name, { pod: mount.pod, readOnly: readOnly || mount.readOnly === true });
    }
    if (this.mounts.size === 0) {
      throw new RangeError('createServer needs at least one mount: { mounts: { name: pod } }');
    }
  }

  get names(): string[] {
    return [...this.mounts.keys()];
  }

  resolve(pathname: string): Route {
    const segments = pathname.split('/').slice(1);
    let decoded: string[];
    try {
      decoded = segments.map((s) => decodeURIComponent(s));
    } catch {
      throw new HttpError(
        400,
        'BAD_REQUEST',
        `The request path '${pathname}' is not valid percent-encoding`,
      );
    }
    const action = decoded.pop() ?? '';
    const name = decoded.join('/');
    const mount = this.mounts.get(name);
    if (mount === undefined) {
      throw new HttpError(
        404,
        'NO_SUCH_MOUNT',
        `No repository is served at '/${name}': check the URL against the server's mounts`,
      );
    }
    if (!isAction(action)) {
      throw new HttpError(
        404,
        'NO_SUCH_ACTION',
        `Unknown action '${action}' on '/${name}': this server speaks version 1 of the Lakota pod protocol`,
      );
    }
    return { name, pod: mount.pod, readOnly: mount.readOnly, action };
  }
}

function isMount(value: Pod | Mount): value is Mount {
  return 'pod' in value && typeof (value as Partial<Pod>).read !== 'function';
}
