/**
 * Node library of the vpp backend plugin, for backend modules that extend it: the
 * `MdmConnector` interface and `vppMdmConnectorExtensionPoint`.
 *
 * @packageDocumentation
 */
export * from './connector';
export * from './extensions';
