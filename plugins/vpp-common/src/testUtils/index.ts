/**
 * Test utilities for packages that call the vpp backend: a real HTTP server playing
 * `/api/vpp`, and sample API objects. Node only; never imported by production code.
 *
 * @packageDocumentation
 */
export * from './fakeVppBackend';
