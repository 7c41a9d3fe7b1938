/**
 * `ErrorChain` entries the simulated devices answer with. 9610 "License not found" is what
 * devices report for a VPP app without a license for their serial (Fleet's reports; Apple's
 * error-code page); its ErrorDomain is UNCONFIRMED. The MCMDMErrorDomain codes are the
 * simulator's choice where Apple publishes none: clients must key on Status and the
 * numbers documented here, not on the texts.
 */
export interface ErrorChainEntry {
  ErrorCode: number;
  ErrorDomain: string;
  LocalizedDescription: string;
  USEnglishDescription: string;
}

function entry(code: number, domain: string, text: string): ErrorChainEntry {
  return {
    ErrorCode: code,
    ErrorDomain: domain,
    LocalizedDescription: text,
    USEnglishDescription: text,
  };
}

export const deviceErrors = {
  licenseNotFound: () => entry(9610, 'ASDErrorDomain', 'License not found'),
  appNotFound: (id: string) =>
    entry(
      12034,
      'MCMDMErrorDomain',
      `The app “${id}” could not be found in the App Store.`,
    ),
  notAnApp: (id: string) =>
    entry(12035, 'MCMDMErrorDomain', `The item “${id}” is not an app.`),
  incompatiblePlatform: (name: string) =>
    entry(
      12036,
      'MCMDMErrorDomain',
      `The app “${name}” is not supported on this device.`,
    ),
  osTooOld: (name: string, minimum: string) =>
    entry(
      12037,
      'MCMDMErrorDomain',
      `The app “${name}” requires OS version ${minimum} or later.`,
    ),
  alreadyInstalled: (id: string) =>
    entry(
      12038,
      'MCMDMErrorDomain',
      `The app “${id}” is already installed and not managed.`,
    ),
  notManaged: (id: string) =>
    entry(12024, 'MCMDMErrorDomain', `The app “${id}” is not managed.`),
  manifestUnsupported: () =>
    entry(
      12039,
      'MCMDMErrorDomain',
      'The simulator cannot download app manifests.',
    ),
  unknownCommand: (requestType: string) =>
    entry(12021, 'MCMDMErrorDomain', `Unknown command “${requestType}”.`),
  malformed: (reason: string) =>
    entry(12001, 'MCMDMErrorDomain', `Invalid command: ${reason}.`),
};
