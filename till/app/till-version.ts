import tillPackage from '../package.json' with { type: 'json' };

/** This till app's version, as its heartbeat reports it (the tenant may require a minimum). */
export const TILL_VERSION: string = tillPackage.version;
