import { ReactNode } from 'react';
import { SWRConfig } from 'swr';

/**
 * Gives what it wraps a cache of permission answers of its own. usePermission keeps
 * answers in SWR's cache, which is otherwise shared by every test in a file and not
 * asked again within 2 s: a test that denies right after one that allows could be
 * answered ALLOW from the cache, without its permission API being asked.
 */
export function FreshPermissionCache(props: { children: ReactNode }) {
  return (
    <SWRConfig value={{ provider: () => new Map() }}>
      {props.children}
    </SWRConfig>
  );
}
