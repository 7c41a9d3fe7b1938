import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { CatalogTable } from '@backstage/plugin-catalog';
import catalogPlugin, {
  CatalogIndexPage,
} from '@backstage/plugin-catalog/alpha';
import { withVppTokenColumns } from '@internal/plugin-vpp';

/** The catalog's default columns, plus expiry, days left and status for content tokens. */
const columns = withVppTokenColumns(CatalogTable.defaultColumnsFunc);

/**
 * `page:catalog` as the catalog plugin makes it, with the table's columns extended for
 * content tokens (R-BS-1). The new frontend system's catalog page has no input for table
 * columns (only for filters), so this override renders the same page component the
 * plugin does — `CatalogIndexPage` of `@backstage/plugin-catalog/alpha` — with `columns`.
 * Filters, pagination and export settings still come from the page's inputs and config;
 * exporters added through `CatalogExportConfigBlueprint` extensions are not merged in (the
 * data ref they use is not public), and this app has none.
 */
export const catalogPageWithTokenColumns = catalogPlugin
  .getExtension('page:catalog')
  .override({
    factory(originalFactory, { inputs, config }) {
      const filters = inputs.filters.map(filter =>
        filter.get(coreExtensionData.reactElement),
      );
      return originalFactory({
        params: {
          loader: async () => (
            <CatalogIndexPage
              filters={<>{filters}</>}
              columns={columns}
              pagination={config.pagination}
              exportSettings={
                config.exportSettings?.enabled
                  ? config.exportSettings
                  : undefined
              }
            />
          ),
        },
      });
    },
  });
