/*
 * Earlier guidelines versions for the FakeApi: `guidelines:version` answers from a map the test fills
 * (the real rules, who may read which version, are tested against the server in test/server/).
 */
import type { IpcRequestParsed, IpcResponse } from '../../shared/ipc';
import type { GuidelinesVersion } from '../../shared/protocol/guidelines';

/** Versions by `${teamId ?? 'org'}:${version}`. */
export type GuidelineVersions = Map<string, GuidelinesVersion>;

export const guidelineVersionKey = (teamId: string | null | undefined, version: number): string =>
  `${teamId ?? 'org'}:${version}`;

export function guidelineVersionHandlers(versions: GuidelineVersions): {
  'guidelines:version': (r: IpcRequestParsed<'guidelines:version'>) => IpcResponse<'guidelines:version'>;
} {
  return {
    'guidelines:version': (r) => {
      const version = versions.get(guidelineVersionKey(r.teamId, r.version));
      // a test asks only for versions it put here
      if (!version) throw new Error(`the fake has no guidelines version ${guidelineVersionKey(r.teamId, r.version)}`);
      return { version };
    },
  };
}
