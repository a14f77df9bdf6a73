// The base45 package (RFC 9285) ships no types.
declare module 'base45' {
  const base45: {
    encode(input: Uint8Array | string): string;
    decode(input: string): Uint8Array;
  };
  export default base45;
}
