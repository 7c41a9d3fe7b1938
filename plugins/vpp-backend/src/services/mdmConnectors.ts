import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  MdmConnector,
  MdmConnectorFactory,
  VppMdmConnectorExtensionPoint,
} from '@internal/plugin-vpp-node';

/** Collects the connectors backend modules add through the extension point. */
export class MdmConnectorRegistry implements VppMdmConnectorExtensionPoint {
  readonly #factories = new Map<string, MdmConnectorFactory>();

  constructor(builtIn: MdmConnectorFactory[] = []) {
    for (const factory of builtIn) this.#factories.set(factory.name, factory);
  }

  addConnector(factory: MdmConnectorFactory): void {
    // A module may replace a built-in one (e.g. a NanoMDM with extra behaviour).
    this.#factories.set(factory.name, factory);
  }

  names(): string[] {
    return [...this.#factories.keys()];
  }

  get(name: string): MdmConnectorFactory | undefined {
    return this.#factories.get(name);
  }
}

/**
 * Creates the connector `vpp.mdm.connector` names, from its section `vpp.mdm.<name>`.
 * Unset, NanoMDM is used when `vpp.mdm.nanomdm` is configured, and otherwise there is
 * no connector: devices can still be listed and edited, but nothing reaches them.
 */
export async function createMdmConnector(options: {
  config: RootConfigService;
  logger: LoggerService;
  registry: MdmConnectorRegistry;
}): Promise<MdmConnector | undefined> {
  const { config, logger, registry } = options;
  const configured = config.getOptionalString('vpp.mdm.connector');
  const name =
    configured ?? (config.has('vpp.mdm.nanomdm') ? 'nanomdm' : undefined);
  if (!name) {
    logger.warn(
      'No MDM connector: set vpp.mdm.connector (and vpp.mdm.nanomdm.baseUrl for NanoMDM) to reach devices',
    );
    return undefined;
  }
  const factory = registry.get(name);
  if (!factory) {
    throw new Error(
      `vpp.mdm.connector is "${name}", but no such connector is installed; installed: ${
        registry.names().join(', ') || 'none'
      }`,
    );
  }
  const section =
    config.getOptionalConfig(`vpp.mdm.${name}`) ?? new ConfigReader({});
  const connector = await factory.create({
    config: section,
    logger: logger.child({ mdmConnector: name }),
  });
  logger.info(`MDM connector: ${name}`);
  return connector;
}
