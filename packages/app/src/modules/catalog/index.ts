import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogPageWithTokenColumns } from './catalogPage';

/** The catalog plugin with the token columns in its table. */
export const catalogWithTokenColumns = catalogPlugin.withOverrides({
  extensions: [catalogPageWithTokenColumns],
});
