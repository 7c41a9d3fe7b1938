import {
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { MdmConnector } from './connector';

/**
 * Makes a connector from its own config section (`vpp.mdm.<name>`).
 *
 * @public
 */
export interface MdmConnectorFactory {
  /** The value of `vpp.mdm.connector` that selects it, e.g. `jamf`. */
  name: string;
  create(options: {
    /** `vpp.mdm.<name>`, or an empty config when the section is absent. */
    config: Config;
    logger: LoggerService;
  }): MdmConnector | Promise<MdmConnector>;
}

/**
 * Lets backend modules plug another MDM into the vpp backend plugin. One connector is
 * active, chosen by `vpp.mdm.connector`; `nanomdm` is built in.
 *
 * @example
 * ```ts
 * createBackendModule({
 *   pluginId: 'vpp',
 *   moduleId: 'jamf-connector',
 *   register(env) {
 *     env.registerInit({
 *       deps: { connectors: vppMdmConnectorExtensionPoint },
 *       async init({ connectors }) {
 *         connectors.addConnector({ name: 'jamf', create: ({ config }) => new JamfConnector(config) });
 *       },
 *     });
 *   },
 * });
 * ```
 * @public
 */
export interface VppMdmConnectorExtensionPoint {
  addConnector(factory: MdmConnectorFactory): void;
}

/** @public */
export const vppMdmConnectorExtensionPoint =
  createExtensionPoint<VppMdmConnectorExtensionPoint>({
    id: 'vpp.mdm-connector',
  });
