import { ApiVersionsResponse } from '@tributary/protocol';
import type { Handler } from '../api/types.js';

/**
 * ApiVersions: the APIs and version ranges we serve, exactly (clients trust the list). The list itself is
 * filled in by the broker from its handler table, so it cannot drift from what is served.
 */
export function apiVersionsHandler(list: () => Array<{ apiKey: number; minVersion: number; maxVersion: number }>): Handler<18> {
  return (request) => {
    void request;
    return ApiVersionsResponse.create({ errorCode: 0, apiKeys: list(), throttleTimeMs: 0 });
  };
}
