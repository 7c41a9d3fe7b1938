/**
 * Permission policy module for VPP for Backstage.
 *
 * @packageDocumentation
 */
export {};
