// eTimbre references: the issuer interface, the local issuer and the check character rule.
export { createLocalIssuer } from './issuer';
export type { ETimbreIssuer, ETimbreRequest, ETimbreResult, LocalIssuerOptions } from './issuer';
export { formatReference, verifyReference, REFERENCE_PATTERN, MAX_SEQUENCE } from './reference';
export type { ReferenceParts, ReferenceResult, VerifyResult } from './reference';
export { mod37_2, isValidMod37_2, CHECK_ALPHABET } from './check';
