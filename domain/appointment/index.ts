// Appointment tokens: issue (with an injected signer), verify offline (with an injected verifier), and the
// typed fallback code. See token.ts for the format.
export { issueToken, parseToken, TOKEN_PREFIX, MAX_TOKEN_LENGTH } from './token';
export type { IssueResult, ParsedToken, ParseResult } from './token';
export type { TokenClaims } from './claims';
export { verifyToken, acceptWindow, toAppointment } from './verify';
export { verifyTypedCode, indexTokensByCode } from './typed-verify';
export type { TypedVerdict } from './typed-verify';
export { codeFromTokenId, parseTypedCode, CODE_ALPHABET } from './typed-code';
export { isTestKey, TEST_KIDS } from './test-keys';
export { toHex, fromHex } from './hex';
export type { Appointment, CheckWindow, Reason, Rejection, Signer, UsedRecord, Verdict, Verifier, VerifyContext } from './types';
