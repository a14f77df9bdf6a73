// Types of scripts/runtime-packages.js (plain JavaScript: scripts/build-server.js and build-deb.js run it without a
// compiler) for the tests that import it.
export declare const FASTIFY_COMPILERS: string[];
export declare const EXTERNAL: string[];
export declare function requiredByBuild(root: string): string[];
export declare function runtimePackages(root: string): { roots: string[]; paths: string[]; absent: string[] };
