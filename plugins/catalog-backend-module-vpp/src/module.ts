import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { VppTokenEntityProvider } from './providers/VppTokenEntityProvider';

/**
 * Catalog module that provides the vpp backend's content tokens as catalog entities.
 *
 * @public
 */
export const catalogModuleVppTokenProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'vpp-token-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        events: eventsServiceRef,
        catalog: catalogProcessingExtensionPoint,
      },
      async init({
        config,
        logger,
        scheduler,
        auth,
        discovery,
        events,
        catalog,
      }) {
        catalog.addEntityProvider(
          VppTokenEntityProvider.fromConfig(config, {
            logger,
            scheduler,
            auth,
            discovery,
            events,
          }),
        );
      },
    });
  },
});
